import IngressModel
import Inventory

/// The verdict on one expectation.
public struct ExpectationResult: Sendable {
    public var expectation: Expectation
    public var holds: Bool
    /// What actually happened, e.g. `default/s1:80 via Ingress default/a` or `404`.
    public var actual: String
    /// Why it failed, when it did.
    public var failure: String?

    public init(expectation: Expectation, holds: Bool, actual: String, failure: String?) {
        self.expectation = expectation
        self.holds = holds
        self.actual = actual
        self.failure = failure
    }
}

/// Checks expectations against the route table in-process (verify without `--serve`).
public struct ExpectationChecker: Sendable {
    public var table: ClassRouteTable
    public var inventory: Inventory

    public init(table: ClassRouteTable, inventory: Inventory) {
        self.table = table
        self.inventory = inventory
    }

    public func check(_ expectation: Expectation) -> ExpectationResult {
        let resolution = table.resolve(host: expectation.url.authority, path: expectation.url.target)
        let actual: String
        switch resolution.outcome {
        case .route(let route):
            actual = "\(route.backend) via Ingress \(route.origin.ingress.qualifiedName) \(route.field) (\(route.pathDescription))"
        case .defaultBackend(let entry):
            actual = "\(entry.backend) via the default backend of Ingress \(entry.origin.ingress.qualifiedName)"
        case .notFound:
            actual = "404 (no rule and no default backend)"
        }
        // What the proxy would answer: 404 without a backend, 503 for a Service whose listed
        // endpoints include no ready one, else the backend's own answer (200 from an echo).
        let status: Int? = switch resolution.backend {
        case nil: 404
        case let backend?: ReplicaCount.listedCount(backend, inventory: inventory) == 0 ? 503 : (expectation.status == 200 ? 200 : nil)
        }
        let observation = Observation(status: status, backend: resolution.backend, backendVerb: "got", instead: "404")
        var failures = ExpectationVerdict.failures(expectation, observation, inventory: inventory)
        if let replicas = expectation.replicas {
            if let backend = resolution.backend {
                let available = ReplicaCount.of(backend, inventory: inventory)
                if available != replicas {
                    failures.append("expected \(replicas) replicas behind \(backend), the inputs give it \(available) ready endpoint\(available == 1 ? "" : "s")")
                }
            } else {
                failures.append("expected \(replicas) replicas, got 404")
            }
        }
        return ExpectationResult(expectation: expectation, holds: failures.isEmpty, actual: actual, failure: failures.isEmpty ? nil : failures.joined(separator: "; "))
    }
}
