import IngressModel
import Inventory

/// What one request came to, however it was found out: through the route table in-process, or
/// as a real request through the proxy (the echo backend that answered says which Service port).
public struct Observation: Sendable {
    /// The status, or nil where it cannot be known in-process (a backend's own answer).
    public var status: Int?
    /// The Service port that got the request; nil when none did.
    public var backend: BackendTarget?
    /// How `backend` was found, for the failure messages: `answered by` (live) or `got` (in-process).
    public var backendVerb: String
    /// When there is no backend, what there was instead (`404`, `status 502 without an echo reply`).
    public var instead: String
    /// With `tls-secret:`, whether the proxy presented that Secret's certificate (live only).
    public var presentedExpectedCertificate: Bool?

    public init(status: Int?, backend: BackendTarget?, backendVerb: String, instead: String, presentedExpectedCertificate: Bool? = nil) {
        self.status = status
        self.backend = backend
        self.backendVerb = backendVerb
        self.instead = instead
        self.presentedExpectedCertificate = presentedExpectedCertificate
    }
}

/// The one judgement of an expectation against an observation, for `verify` and `verify --serve`
/// alike: status, backend (a port matches by number or by the Service's name for it) and the
/// certificate presented.
public enum ExpectationVerdict {
    public static func failures(_ expectation: Expectation, _ observation: Observation, inventory: Inventory) -> [String] {
        var failures: [String] = []
        if let secret = expectation.tlsSecret, observation.presentedExpectedCertificate == false {
            let namespace = expectation.backend?.namespace ?? inventory.ingresses.first?.ref.namespace ?? "default"
            failures.append("expected the certificate of Secret \(namespace)/\(secret), the proxy presented another")
        }
        if let status = expectation.status {
            if let observed = observation.status {
                if observed != status { failures.append("expected status \(status), got \(observed)") }
            } else {
                failures.append("status \(status) can only be observed with --serve")
            }
        }
        if let expected = expectation.backend {
            if let backend = observation.backend {
                if !matches(expected, backend, inventory: inventory) { failures.append("expected \(expected), \(observation.backendVerb) \(backend)") }
            } else {
                failures.append("expected \(expected), got \(observation.instead)")
            }
        }
        return failures
    }

    /// A port named in the expectation matches by number or by the Service's port name, when the
    /// Service is in the inputs.
    public static func matches(_ expected: ExpectedBackend, _ actual: BackendTarget, inventory: Inventory) -> Bool {
        guard case .service(let namespace, let name, let port) = actual,
            namespace == expected.namespace, name == expected.service
        else { return false }
        if port == expected.port { return true }
        let wanted = BackendTarget.service(namespace: namespace, name: name, port: expected.port)
        return inventory.canonical(actual) == inventory.canonical(wanted)
    }
}
