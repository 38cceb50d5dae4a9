import IngressModel

/// Where an ingress-nginx canary path lands: the main route it becomes an alternative of, as
/// ingress-nginx merges canaries (`mergeAlternativeBackends`: the same host, the same path string
/// and the same pathType; a rule without host goes to the default server).
public struct CanaryPlacement: Sendable {
    public enum Outcome: Sendable {
        /// Merged into this main route.
        case merged(Route)
        /// The main route sends to the canary's own backend: ingress-nginx does not merge it.
        case sameBackend(Route)
        /// No main route has this host, path and type; ingress-nginx drops the canary backend.
        case noMainRoute(hostKnown: Bool)
    }

    public let host: HostPattern
    public let path: HTTPIngressPath
    public let outcome: Outcome
}

extension RouteTable {
    /// Each path of a canary Ingress (one of `alternatives`) with the main route it joins.
    public func placements(ofCanary canary: Ingress) -> [CanaryPlacement] {
        let table = assignments[canary.ref].flatMap { classes[$0.key] }
        let namespace = canary.ref.namespace
        var placements: [CanaryPlacement] = []
        for rule in canary.rules {
            let host = HostPattern(ruleHost: rule.host?.value)
            let index = table?.pathIndex(for: host)
            for path in rule.http?.paths ?? [] {
                guard let type = path.knownPathType else { continue }
                let written = path.pathText.isEmpty ? "/" : path.pathText
                let candidates = (index?.allRoutes ?? []).filter { route in
                    (route.path.isEmpty ? "/" : route.path) == written && route.declaredType == type
                        && shareKey(of: route.origin.ingress) == shareKey(of: canary.ref)
                }.sorted { Precedence.wins($0, over: $1) }
                let target = BackendTarget(path.backend, namespace: namespace)
                let outcome: CanaryPlacement.Outcome
                if let main = candidates.first(where: { $0.backend != target }) {
                    outcome = .merged(main)
                } else if let main = candidates.first {
                    outcome = .sameBackend(main)
                } else {
                    outcome = .noMainRoute(hostKnown: index != nil)
                }
                placements.append(CanaryPlacement(host: host, path: path, outcome: outcome))
            }
        }
        return placements
    }
}
