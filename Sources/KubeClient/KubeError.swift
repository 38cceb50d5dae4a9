/// Why talking to the API server failed, worded for the person who has to fix it.
public enum KubeError: Error, CustomStringConvertible, Sendable {
    case credentials(String)
    case unreachable(server: String, detail: String)
    case unauthorized(server: String, user: String, context: String)
    case forbidden(message: String, verb: String, resource: APIResource, namespace: String?)
    case status(code: Int, path: String, message: String)
    case malformed(path: String, detail: String)

    public var description: String {
        switch self {
        case .credentials(let message):
            return message
        case .unreachable(let server, let detail):
            return "cannot reach the API server at \(server): \(detail)"
        case .unauthorized(let server, let user, let context):
            return "the API server at \(server) rejected the credentials of user \"\(user)\" (context \"\(context)\"): 401 Unauthorized; the token or client certificate is wrong or expired"
        case .forbidden(let message, let verb, let resource, let namespace):
            let scope = namespace.map { "a Role in namespace \($0)" } ?? "a ClusterRole"
            return "\(message); RBAC: grant it with \(scope) rule {apiGroups: [\"\(resource.group)\"], resources: [\"\(resource.plural)\"], verbs: [\"\(verb)\"]}"
        case .status(let code, let path, let message):
            return "GET \(path) failed with \(code): \(message)"
        case .malformed(let path, let detail):
            return "GET \(path) returned something that is not a Kubernetes list: \(detail)"
        }
    }
}

/// A resource the client reads.
public struct APIResource: Sendable, Hashable {
    public var group: String
    public var version: String
    public var plural: String
    public var kind: String
    public var namespaced: Bool

    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    public func path(namespace: String?) -> String {
        let base = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
        if namespaced, let namespace { return "\(base)/namespaces/\(namespace)/\(plural)" }
        return "\(base)/\(plural)"
    }

    public static let ingresses = APIResource(group: "networking.k8s.io", version: "v1", plural: "ingresses", kind: "Ingress", namespaced: true)
    public static let ingressClasses = APIResource(group: "networking.k8s.io", version: "v1", plural: "ingressclasses", kind: "IngressClass", namespaced: false)
    public static let services = APIResource(group: "", version: "v1", plural: "services", kind: "Service", namespaced: true)
    public static let endpointSlices = APIResource(group: "discovery.k8s.io", version: "v1", plural: "endpointslices", kind: "EndpointSlice", namespaced: true)
    public static let endpoints = APIResource(group: "", version: "v1", plural: "endpoints", kind: "Endpoints", namespaced: true)
    public static let secrets = APIResource(group: "", version: "v1", plural: "secrets", kind: "Secret", namespaced: true)
    public static let namespaces = APIResource(group: "", version: "v1", plural: "namespaces", kind: "Namespace", namespaced: false)
    public static let pods = APIResource(group: "", version: "v1", plural: "pods", kind: "Pod", namespaced: true)
}
