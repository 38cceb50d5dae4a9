/// The resources the double serves: what the client reads, plus discovery so that kubectl works.
public struct ResourceType: Sendable, Hashable {
    public var group: String
    public var version: String
    public var plural: String
    public var kind: String
    public var namespaced: Bool
    public var shortNames: [String] = []

    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }
    /// `ingresses.networking.k8s.io`, as the API server names a resource in errors.
    public var qualified: String { group.isEmpty ? plural : "\(plural).\(group)" }
}

public enum ResourceCatalog {
    public static let all: [ResourceType] = [
        ResourceType(group: "networking.k8s.io", version: "v1", plural: "ingresses", kind: "Ingress", namespaced: true, shortNames: ["ing"]),
        ResourceType(group: "networking.k8s.io", version: "v1", plural: "ingressclasses", kind: "IngressClass", namespaced: false),
        ResourceType(group: "", version: "v1", plural: "services", kind: "Service", namespaced: true, shortNames: ["svc"]),
        ResourceType(group: "", version: "v1", plural: "endpoints", kind: "Endpoints", namespaced: true, shortNames: ["ep"]),
        ResourceType(group: "discovery.k8s.io", version: "v1", plural: "endpointslices", kind: "EndpointSlice", namespaced: true),
        ResourceType(group: "", version: "v1", plural: "secrets", kind: "Secret", namespaced: true),
        ResourceType(group: "", version: "v1", plural: "pods", kind: "Pod", namespaced: true, shortNames: ["po"]),
        ResourceType(group: "", version: "v1", plural: "namespaces", kind: "Namespace", namespaced: false, shortNames: ["ns"]),
        // Created by tests (kubectl apply) to have creates go through an admission webhook.
        ResourceType(group: "admissionregistration.k8s.io", version: "v1", plural: "validatingwebhookconfigurations", kind: "ValidatingWebhookConfiguration", namespaced: false),
    ]

    public static func byKind(_ kind: String, apiVersion: String) -> ResourceType? {
        all.first { $0.kind == kind && $0.apiVersion == apiVersion }
    }

    public static func find(group: String, version: String, plural: String) -> ResourceType? {
        all.first { $0.group == group && $0.version == version && $0.plural == plural }
    }

    static var groups: [String] { Array(Set(all.map(\.group).filter { !$0.isEmpty })).sorted() }
}
