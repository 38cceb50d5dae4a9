import Foundation
import ManifestLoader
import StructuredText

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

    /// Reads a request body on its bytes (no Foundation objects: this runs for every admission);
    /// the error says what is wrong in terms a webhook operator understands.
    public static func parse(_ body: Data) throws -> AdmissionRequest {
        let bytes = Array(body)
        var check = RawJSON.Scanner(bytes: bytes)
        guard check.skipWhitespace(), check.peek == UInt8(ascii: "{"), check.skipValue(), !check.skipWhitespace() else {
            throw Malformed(description: "the body is not a JSON object")
        }
        let root = RawJSON.members(bytes)
        guard RawJSON.string(bytes, root["kind"]) == "AdmissionReview" else { throw Malformed(description: "kind must be AdmissionReview") }
        guard let apiVersion = RawJSON.string(bytes, root["apiVersion"]), let version = Version(rawValue: apiVersion) else {
            throw Malformed(description: "apiVersion must be admission.k8s.io/v1 or admission.k8s.io/v1beta1")
        }
        guard let requestSpan = root["request"], bytes[requestSpan.lowerBound] == UInt8(ascii: "{") else {
            throw Malformed(description: "the AdmissionReview has no request")
        }
        let request = RawJSON.members(bytes, in: requestSpan)
        guard let uid = RawJSON.string(bytes, request["uid"]), !uid.isEmpty else { throw Malformed(description: "request.uid is missing or not a string") }
        // What decides whether the object is judged at all must be what the API server sends:
        // a kind or operation that cannot be read would skip the checks (fail open).
        guard let kindSpan = request["kind"], bytes[kindSpan.lowerBound] == UInt8(ascii: "{") else {
            throw Malformed(description: "request.kind is missing or not an object")
        }
        let kind = RawJSON.members(bytes, in: kindSpan)
        for field in ["group", "version", "kind"] where kind[field] != nil && RawJSON.string(bytes, kind[field]) == nil {
            throw Malformed(description: "request.kind.\(field) is not a string")
        }
        guard let operation = RawJSON.string(bytes, request["operation"]) else {
            throw Malformed(description: "request.operation is missing or not a string")
        }
        let user = request["userInfo"].map { RawJSON.members(bytes, in: $0) } ?? [:]
        var object: Data?
        if let span = request["object"], bytes[span.lowerBound] == UInt8(ascii: "{") { object = Data(bytes[span]) }
        let dryRun = request["dryRun"].map { Array(bytes[$0]) == Array("true".utf8) } ?? false
        return AdmissionRequest(
            version: version, uid: uid, group: RawJSON.string(bytes, kind["group"]) ?? "",
            kindVersion: RawJSON.string(bytes, kind["version"]) ?? "", kind: RawJSON.string(bytes, kind["kind"]) ?? "",
            operation: operation, namespace: RawJSON.string(bytes, request["namespace"]) ?? "",
            name: RawJSON.string(bytes, request["name"]) ?? "", object: object, dryRun: dryRun,
            user: RawJSON.string(bytes, user["username"]) ?? "")
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
        var body: [(String, String)] = [("uid", JSONText.string(uid)), ("allowed", response.allowed ? "true" : "false")]
        if !response.allowed {
            body.append(("status", JSONText.object([
                ("code", "403"), ("reason", JSONText.string("Forbidden")), ("status", JSONText.string("Failure")),
                ("message", JSONText.string(response.message ?? "denied by ingress-guard")),
            ])))
        }
        if !response.warnings.isEmpty { body.append(("warnings", JSONText.array(response.warnings))) }
        let review = JSONText.object([
            ("apiVersion", JSONText.string(version.rawValue)), ("kind", JSONText.string("AdmissionReview")), ("response", JSONText.object(body)),
        ])
        return Data(review.utf8)
    }
}
