import Foundation

/// The parts of an AdmissionReview request (admission.k8s.io/v1 or v1beta1) the webhook reads.
public struct AdmissionRequest: Sendable {
    public enum Version: String, Sendable {
        case v1 = "admission.k8s.io/v1"
        case v1beta1 = "admission.k8s.io/v1beta1"
    }

    public var version: Version
    public var uid: String
    public var group: String
    public var kindVersion: String
    public var kind: String
    public var operation: String
    public var namespace: String
    public var name: String
    /// The admitted object's JSON, as received.
    public var object: Data?
    public var dryRun: Bool
    public var user: String

    public var isIngress: Bool { kind == "Ingress" && (group == "networking.k8s.io" || group == "extensions") }

    public struct Malformed: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Reads a request body; the error says what is wrong in terms a webhook operator understands.
    public static func parse(_ body: Data) throws -> AdmissionRequest {
        guard let root = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else {
            throw Malformed(description: "the body is not a JSON object")
        }
        guard root["kind"] as? String == "AdmissionReview" else { throw Malformed(description: "kind must be AdmissionReview") }
        guard let apiVersion = root["apiVersion"] as? String, let version = Version(rawValue: apiVersion) else {
            throw Malformed(description: "apiVersion must be admission.k8s.io/v1 or admission.k8s.io/v1beta1")
        }
        guard let request = root["request"] as? [String: Any] else { throw Malformed(description: "the AdmissionReview has no request") }
        guard let uid = request["uid"] as? String, !uid.isEmpty else { throw Malformed(description: "request.uid is missing") }
        let kind = request["kind"] as? [String: Any] ?? [:]
        var object: Data?
        if let value = request["object"] as? [String: Any] {
            object = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])
        }
        let userInfo = request["userInfo"] as? [String: Any] ?? [:]
        return AdmissionRequest(
            version: version, uid: uid, group: kind["group"] as? String ?? "", kindVersion: kind["version"] as? String ?? "",
            kind: kind["kind"] as? String ?? "", operation: request["operation"] as? String ?? "",
            namespace: request["namespace"] as? String ?? "", name: request["name"] as? String ?? "", object: object,
            dryRun: request["dryRun"] as? Bool ?? false, user: userInfo["username"] as? String ?? "")
    }
}

/// The webhook's answer, rendered as an AdmissionReview of the request's version.
public struct AdmissionResponse: Sendable {
    public var allowed: Bool
    /// Set when denied: the message the user sees after `denied the request: `.
    public var message: String?
    public var warnings: [String]

    public init(allowed: Bool, message: String? = nil, warnings: [String] = []) {
        self.allowed = allowed
        self.message = message
        self.warnings = warnings
    }

    public func render(for request: AdmissionRequest) -> Data {
        Self.render(version: request.version, uid: request.uid, response: self)
    }

    public static func render(version: AdmissionRequest.Version, uid: String, response: AdmissionResponse) -> Data {
        var body: [String: Any] = ["uid": uid, "allowed": response.allowed]
        if !response.allowed {
            body["status"] = ["code": 403, "reason": "Forbidden", "status": "Failure", "message": response.message ?? "denied by ingress-guard"] as [String: Any]
        }
        if !response.warnings.isEmpty { body["warnings"] = response.warnings }
        let review: [String: Any] = ["apiVersion": version.rawValue, "kind": "AdmissionReview", "response": body]
        return (try? JSONSerialization.data(withJSONObject: review, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }
}
