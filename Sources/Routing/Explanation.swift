import IngressModel

/// Why a request lands where it does in one class, and why every other candidate lost.
public struct Explanation: Sendable {
    public enum LossReason: Sendable, CustomStringConvertible {
        case precedence(Precedence.Reason, winner: Route)
        /// The request's host picked a more specific host bucket.
        case lessSpecificHost(selected: HostPattern)
        /// The route's host does not match the request's host, although its path would match.
        case hostMismatch
        /// The route belongs to another IngressClass.
        case otherClass(String?)

        public var description: String {
            switch self {
            case .precedence(let reason, let winner):
                switch reason {
                case .longerPath(let winning, let losing): return "shorter path (\(losing) < \(winning) characters of \(winner.path))"
                case .exactOverPrefix: return "Prefix loses to Exact \(winner.path) of the same length"
                case .olderIngress: return "Ingress \(winner.origin.ingress.qualifiedName) is older"
                case .earlierInSpec: return "an earlier path of the same Ingress wins"
                }
            case .lessSpecificHost(let selected): return "host: the more specific host \(selected) matched first"
            case .hostMismatch: return "host mismatch"
            case .otherClass(let name): return "other class (\(name ?? "no class"))"
            }
        }
    }

    public struct Candidate: Sendable {
        public var route: Route
        public var reason: LossReason
    }

    public var request: (host: String, path: String)
    public var resolution: Resolution
    public var tls: TLSBinding?
    public var losers: [Candidate]
    /// Candidates not listed because there were too many.
    public var omitted: Int
    /// The profile that judges the Ingress that serves the request.
    public var judgedBy: JudgingProfile?
    /// ingress-nginx canaries merged into the winning route: they take a share of its traffic.
    public var canaries: [ObjectRef] = []
    /// What the class's controller does with the request (`decide`): for an ingress-nginx class
    /// its redirects, rewrites and canaries, which the specification's candidates above omit.
    public var decision: RoutingDecision?
    /// The profile whose routing semantics the class follows, and why.
    public var semantics: (profile: ControllerProfile, reason: String)?
}

extension RouteTable {
    public static let explainedCandidateLimit = 20

    /// Explains one request in every class of the table (or one class), in class order.
    public func explain(host rawHost: String, path rawPath: String, onlyClass: String? = nil, scheme: String = "http", headers: HeaderList = HeaderList()) -> [Explanation] {
        let host = RequestHost.normalize(rawHost)
        let path = RoutePath.matchable(rawPath)
        var keys = classKeys
        if let onlyClass { keys = keys.filter { $0 == onlyClass } }
        return keys.compactMap { key in
            guard let table = classes[key] else { return nil }
            let resolution = table.resolve(host: host, path: path)
            var losers: [Explanation.Candidate] = []
            let winner: Route? = {
                if case .route(let route) = resolution.outcome { return route }
                return nil
            }()
            let buckets = table.coveringHosts(host)
            for (position, bucket) in buckets.enumerated() {
                for route in bucket.1.matches(path) {
                    if position == 0, let winner {
                        if route.field == winner.field && route.origin.ingress == winner.origin.ingress { continue }
                        if let reason = Precedence.reason(winner, beats: route) {
                            losers.append(.init(route: route, reason: .precedence(reason, winner: winner)))
                        }
                    } else if let selected = buckets.first?.0, position > 0 {
                        losers.append(.init(route: route, reason: .lessSpecificHost(selected: selected)))
                    }
                }
            }
            let covered = Set(buckets.map(\.0))
            for (pattern, index) in table.hostIndexes where !covered.contains(pattern) {
                for route in index.matches(path) { losers.append(.init(route: route, reason: .hostMismatch)) }
            }
            // Other classes only matter when the user asked about one class.
            for otherKey in classKeys where otherKey != key && onlyClass != nil {
                guard let other = classes[otherKey] else { continue }
                for (_, index) in other.coveringHosts(host) {
                    for route in index.matches(path) {
                        losers.append(.init(route: route, reason: .otherClass(other.assignedClass)))
                    }
                }
            }
            let limit = Self.explainedCandidateLimit
            let servingIngress: ObjectRef? = {
                switch resolution.outcome {
                case .route(let route): return route.origin.ingress
                case .defaultBackend(let entry): return entry.origin.ingress
                case .notFound: return nil
                }
            }()
            var canaries: [ObjectRef] = []
            if let winner {
                for canary in alternatives where assignments[canary.ref]?.key == key {
                    let joins = placements(ofCanary: canary).contains { placement in
                        if case .merged(let main) = placement.outcome { return main === winner }
                        return false
                    }
                    if joins { canaries.append(canary.ref) }
                }
            }
            let decision = table.decide(RoutingRequest(scheme: scheme, host: rawHost, target: rawPath, headers: headers))
            return Explanation(
                request: (host, path), resolution: resolution, tls: table.tlsBinding(for: host),
                losers: Array(losers.prefix(limit)), omitted: max(0, losers.count - limit),
                judgedBy: servingIngress.map(judgement(of:)), canaries: canaries,
                decision: decision, semantics: (table.semantics, table.semanticsReason))
        }
    }
}
