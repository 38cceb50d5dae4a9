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
        let decision = decide(expectation)
        let actual = Self.describe(decision)
        // What the proxy would answer: its own status for a redirect, 404 or 503, else the
        // backend's own answer (200 from an echo).
        var observation = Self.observation(of: decision)
        if observation.status == nil, expectation.status == 200 { observation.status = 200 }
        let resolutionBackend = decision.target?.backend
        var failures = ExpectationVerdict.failures(expectation, observation, inventory: inventory)
        if let replicas = expectation.replicas {
            if let backend = resolutionBackend {
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

    /// The table's decision for the expectation's request; a Service port whose listed endpoints
    /// include no ready one has none (503), one the inputs say nothing about is taken to have some.
    public func decide(_ expectation: Expectation) -> RoutingDecision {
        let request = RoutingRequest(scheme: expectation.url.scheme, host: expectation.url.authority, target: expectation.url.target, headers: HeaderList(expectation.headers))
        return table.decide(request) { key in
            guard let key else { return false }
            return ReplicaCount.listed(key, inventory: inventory) != 0
        }
    }

    /// What the decision means as an observation: status, redirect, backend, path and shares.
    public static func observation(of decision: RoutingDecision) -> Observation {
        var observation = Observation(
            status: decision.status, backend: decision.target?.backend, backendVerb: "got", instead: "\(decision.status ?? 404)",
            location: nil, upstreamTarget: decision.target?.upstreamTarget)
        switch decision.action {
        case .redirect(_, let location): observation.location = location
        case .split: observation.split = splitText(decision)
        case .forward, .answer: break
        }
        observation.shares = decision.shares.isEmpty ? nil : decision.shares
        return observation
    }

    public static func splitText(_ decision: RoutingDecision) -> String {
        decision.shares.map { "\(ExpectationVerdict.format($0.1))% \($0.0)" }.joined(separator: ", ")
    }

    /// e.g. `default/s1:80 via Ingress default/a spec.rules[0]... (Prefix)`, `308 to https://...`.
    public static func describe(_ decision: RoutingDecision) -> String {
        let via = decision.ingress.map { " via Ingress \($0.qualifiedName)" } ?? ""
        switch decision.action {
        case .forward(let target):
            if let entry = target.defaultBackend, target.route == nil, case .defaultBackend = decision.why {
                return "\(target.backend) via the default backend of Ingress \(entry.origin.ingress.qualifiedName)"
            }
            return "\(target.backend)\(via) \(decision.reason)" + (target.upstreamTarget.isEmpty ? "" : ", path \(target.upstreamTarget)")
        case .split:
            return "split \(splitText(decision))\(via) (\(decision.reason))"
        case .redirect(let status, let location):
            return "\(status) to \(location)\(via) (\(decision.reason))"
        case .answer(let status):
            return "\(status)\(via) (\(decision.reason))"
        }
    }
}
