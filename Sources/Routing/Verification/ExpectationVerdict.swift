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
    /// A redirect's Location.
    public var location: String?
    /// The path and query the backend received.
    public var upstreamTarget: String?
    /// Percent of the requests each backend got: computed in-process, counted over `sampleSize`
    /// requests live.
    public var shares: [(BackendTarget, Double)]?
    public var sampleSize: Int?
    /// The route table splits this request between a main backend and a canary (`verify` and
    /// `verify --serve` both ask the table): one request cannot tell where "it" goes.
    public var split: String?

    public init(
        status: Int?, backend: BackendTarget?, backendVerb: String, instead: String, presentedExpectedCertificate: Bool? = nil,
        location: String? = nil, upstreamTarget: String? = nil, shares: [(BackendTarget, Double)]? = nil, sampleSize: Int? = nil, split: String? = nil
    ) {
        self.status = status
        self.backend = backend
        self.backendVerb = backendVerb
        self.instead = instead
        self.presentedExpectedCertificate = presentedExpectedCertificate
        self.location = location
        self.upstreamTarget = upstreamTarget
        self.shares = shares
        self.sampleSize = sampleSize
        self.split = split
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
        if let expected = expectation.redirectLocation {
            if let location = observation.location {
                if location != expected { failures.append("expected a redirect to \(expected), got one to \(location)") }
            } else {
                failures.append("expected a redirect to \(expected), got \(observation.status.map { "status \($0)" } ?? observation.backend.map { "\($0)" } ?? observation.instead)")
            }
        }
        if let expected = expectation.upstreamPath {
            if let received = observation.upstreamTarget {
                if received != expected { failures.append("expected the backend to receive \(expected), it received \(received)") }
            } else {
                failures.append("expected the backend to receive \(expected), got \(observation.status.map { "status \($0)" } ?? observation.instead)")
            }
        }
        if let weights = expectation.weights {
            failures += weightFailures(weights, observation, inventory: inventory)
        } else if expectation.backend != nil, let split = observation.split {
            failures.append("the request is split (\(split)): expect `weights:` rather than one backend")
        }
        if let expected = expectation.backend, expectation.weights == nil, observation.split == nil {
            if let backend = observation.backend {
                if !matches(expected, backend, inventory: inventory) { failures.append("expected \(expected), \(observation.backendVerb) \(backend)") }
            } else {
                failures.append("expected \(expected), got \(observation.instead)")
            }
        }
        return failures
    }

    /// Each expected share against the observed one: exact (to half a percent) in-process; live,
    /// within four standard deviations of the binomial count over the requests sent.
    static func weightFailures(_ weights: [(ExpectedBackend, Double)], _ observation: Observation, inventory: Inventory) -> [String] {
        guard let shares = observation.shares else {
            return ["expected a traffic split, got \(observation.status.map { "status \($0)" } ?? observation.instead)"]
        }
        func tolerance(_ percent: Double) -> Double {
            guard let size = observation.sampleSize, size > 0 else { return 0.5 }
            let p = percent / 100
            return 100 * 4 * (p * (1 - p) / Double(size)).squareRoot() + 1e-9
        }
        var failures: [String] = []
        var accounted = Set<Int>()
        for (expected, percent) in weights {
            var observed = 0.0
            for (index, share) in shares.enumerated() where matches(expected, share.0, inventory: inventory) {
                observed += share.1
                accounted.insert(index)
            }
            if abs(observed - percent) > tolerance(percent) {
                failures.append("expected \(format(percent))% to \(expected), got \(format(observed))%" + (observation.sampleSize.map { " of \($0) requests" } ?? ""))
            }
        }
        for (index, share) in shares.enumerated() where !accounted.contains(index) && share.1 > 0 {
            failures.append("\(share.0) got \(format(share.1))%, and weights does not name it")
        }
        return failures
    }

    static func format(_ percent: Double) -> String {
        let rounded = (percent * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
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
