import IngressModel

/// What a route sends traffic to.
public enum BackendTarget: Hashable, Sendable, CustomStringConvertible {
    public enum Port: Hashable, Sendable, CustomStringConvertible {
        case number(Int)
        case name(String)
        case unspecified

        public var description: String {
            switch self {
            case .number(let number): return String(number)
            case .name(let name): return name
            case .unspecified: return "?"
            }
        }
    }

    case service(namespace: String, name: String, port: Port)
    case resource(namespace: String, apiGroup: String?, kind: String, name: String)
    case invalid

    public init(_ backend: IngressBackend?, namespace: String) {
        if let service = backend?.service {
            let port: Port
            if let number = service.portNumber?.value, number != 0 {
                port = .number(number)
            } else if let name = service.portName?.value, !name.isEmpty {
                port = .name(name)
            } else {
                port = .unspecified
            }
            self = .service(namespace: namespace, name: service.name.value, port: port)
        } else if let resource = backend?.resource {
            self = .resource(namespace: namespace, apiGroup: resource.apiGroup?.value, kind: resource.kind.value, name: resource.name.value)
        } else {
            self = .invalid
        }
    }

    /// `namespace/service:port` as the docs write it.
    public var description: String {
        switch self {
        case .service(let namespace, let name, let port): return "\(namespace)/\(name):\(port)"
        case .resource(let namespace, let group, let kind, let name): return "\(namespace)/\(kind).\(group ?? "")/\(name)"
        case .invalid: return "(no backend)"
        }
    }
}

/// How a route's path is compared with the request path.
public enum MatchType: String, Hashable, Sendable {
    case exact = "Exact"
    case prefix = "Prefix"
}

/// Where a route or default backend comes from, and what orders Ingresses by age.
public struct RouteOrigin: Sendable {
    public var ingress: ObjectRef
    public var source: ObjectSource
    /// RFC 3339 text; nil for an object not created yet, which is newer than any created one.
    public var creationTimestamp: String?
    public var assignedClass: AssignedClass

    /// Older first: created objects by timestamp, then namespace/name.
    public static func isOlder(_ lhs: RouteOrigin, than rhs: RouteOrigin) -> Bool? {
        switch (lhs.creationTimestamp, rhs.creationTimestamp) {
        case let (left?, right?) where left != right: return left < right
        case (.some, nil): return true
        case (nil, .some): return false
        default: break
        }
        if lhs.ingress.namespace != rhs.ingress.namespace { return lhs.ingress.namespace < rhs.ingress.namespace }
        if lhs.ingress.name != rhs.ingress.name { return lhs.ingress.name < rhs.ingress.name }
        return nil
    }
}

/// One host + path of one Ingress, compiled. Immutable and shared by reference, so that a lookup
/// hands out one pointer instead of copying a dozen strings.
public final class Route: Sendable {
    public let origin: RouteOrigin
    public let host: HostPattern
    public let ruleIndex: Int
    public let pathIndex: Int
    /// The path as written ("" when absent).
    public let path: String
    public let declaredType: PathType
    public let matchType: MatchType
    public let backend: BackendTarget
    public let location: SourceLocation
    /// e.g. `spec.rules[0].http.paths[1]`
    public let field: String
    /// The rule path's length as precedence counts it (an absent path is `/`).
    public let precedenceLength: Int
    /// The key Prefix matching uses: the path without one trailing slash; `/` and "" become "".
    public let prefixKey: String

    public init(
        origin: RouteOrigin, host: HostPattern, ruleIndex: Int, pathIndex: Int, path: String,
        declaredType: PathType, matchType: MatchType, backend: BackendTarget, location: SourceLocation, field: String
    ) {
        self.origin = origin
        self.host = host
        self.ruleIndex = ruleIndex
        self.pathIndex = pathIndex
        self.path = path
        self.declaredType = declaredType
        self.matchType = matchType
        self.backend = backend
        self.location = location
        self.field = field
        self.precedenceLength = path.isEmpty ? 1 : path.utf8.count
        if path.isEmpty || path == "/" {
            prefixKey = ""
        } else {
            prefixKey = path.hasSuffix("/") ? String(path.dropLast()) : path
        }
    }

    /// `Prefix /foo` or `ImplementationSpecific /foo (as Prefix)`.
    public var pathDescription: String {
        let shown = path.isEmpty ? "(no path)" : path
        if declaredType == .implementationSpecific { return "\(shown) (ImplementationSpecific, treated as Prefix)" }
        return "\(shown) (\(declaredType.rawValue))"
    }
}

/// Why one matching route wins over another.
public enum Precedence {
    public enum Reason: Sendable, Equatable {
        case longerPath(winner: Int, loser: Int)
        case exactOverPrefix
        case olderIngress
        case earlierInSpec
    }

    /// True when `lhs` wins over `rhs`; both must match the request.
    public static func wins(_ lhs: Route, over rhs: Route) -> Bool { reason(lhs, beats: rhs) != nil }

    /// The reason `winner` beats `loser`, or nil when it does not.
    public static func reason(_ winner: Route, beats loser: Route) -> Reason? {
        if winner.precedenceLength != loser.precedenceLength {
            return winner.precedenceLength > loser.precedenceLength ? .longerPath(winner: winner.precedenceLength, loser: loser.precedenceLength) : nil
        }
        if winner.matchType != loser.matchType {
            return winner.matchType == .exact ? .exactOverPrefix : nil
        }
        if let older = RouteOrigin.isOlder(winner.origin, than: loser.origin) {
            return older ? .olderIngress : nil
        }
        if (winner.ruleIndex, winner.pathIndex) != (loser.ruleIndex, loser.pathIndex) {
            return (winner.ruleIndex, winner.pathIndex) < (loser.ruleIndex, loser.pathIndex) ? .earlierInSpec : nil
        }
        return nil
    }
}
