import IngressModel

/// How a route's path is compared with the request path.
public enum MatchType: String, Hashable, Sendable {
    case exact = "Exact"
    case prefix = "Prefix"
}

/// Where a route or default backend comes from, and what orders Ingresses by age.
public struct RouteOrigin: Sendable {
    /// Made once per Ingress and shared by its routes, TLS bindings and default backend: held
    /// inline, it was 200 bytes of every route.
    private final class Fields: Sendable {
        let ingress: ObjectRef
        let source: ObjectSource
        let creationTimestamp: String?
        let assignedClass: AssignedClass

        init(ingress: ObjectRef, source: ObjectSource, creationTimestamp: String?, assignedClass: AssignedClass) {
            self.ingress = ingress
            self.source = source
            self.creationTimestamp = creationTimestamp
            self.assignedClass = assignedClass
        }
    }

    private let fields: Fields

    init(ingress: ObjectRef, source: ObjectSource, creationTimestamp: String?, assignedClass: AssignedClass) {
        fields = Fields(ingress: ingress, source: source, creationTimestamp: creationTimestamp, assignedClass: assignedClass)
    }

    public var ingress: ObjectRef { fields.ingress }
    public var source: ObjectSource { fields.source }
    /// RFC 3339 text; nil for an object not created yet, which is newer than any created one.
    public var creationTimestamp: String? { fields.creationTimestamp }
    public var assignedClass: AssignedClass { fields.assignedClass }

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
    /// The backend's Service port resolved when the table was compiled (`Inventory.portReference`).
    public let backendKey: ServicePortReference?
    public let location: SourceLocation
    /// e.g. `spec.rules[0].http.paths[1]`
    public let field: String
    /// The rule path's length as precedence counts it (an absent path is `/`).
    public let precedenceLength: Int
    /// The key Prefix matching uses: the path without one trailing slash; `/` and "" become "".
    public let prefixKey: String

    public init(
        origin: RouteOrigin, host: HostPattern, ruleIndex: Int, pathIndex: Int, path: String,
        declaredType: PathType, matchType: MatchType, backend: BackendTarget, backendKey: ServicePortReference? = nil,
        location: SourceLocation, field: String, matchPath: String? = nil
    ) {
        self.origin = origin
        self.host = host
        self.ruleIndex = ruleIndex
        self.pathIndex = pathIndex
        self.path = path
        self.declaredType = declaredType
        self.matchType = matchType
        self.backend = backend
        self.backendKey = backendKey ?? ServicePortReference(backend)
        self.location = location
        self.field = field
        // A glob `/api/*` is matched as Prefix `/api` (ControllerProfile's `reading`), and ranks
        // as that Prefix: beside an Exact `/api`, the request `/api` is the Exact one's (the glob
        // does not take it at all under ALB, GKE or Istio).
        let keyed = matchPath ?? path
        globPrefix = matchPath != nil && matchPath != path
        self.precedenceLength = keyed.isEmpty ? 1 : keyed.utf8.count
        if keyed.isEmpty || keyed == "/" {
            prefixKey = ""
        } else {
            // By bytes: a `/` after a prepending character (U+0600) is part of its grapheme, and
            // `hasSuffix` would not see it.
            prefixKey = keyed.utf8.last == UInt8(ascii: "/") ? String(decoding: keyed.utf8.dropLast(), as: UTF8.self) : keyed
        }
    }

    /// An ImplementationSpecific glob ending in `/*`, matched as the Prefix before it.
    public let globPrefix: Bool

    /// `Prefix /foo` or `ImplementationSpecific /foo (as Prefix)`.
    public var pathDescription: String {
        let shown = path.isEmpty ? "(no path)" : path
        if declaredType == .implementationSpecific {
            if globPrefix { return "\(shown) (ImplementationSpecific, a glob: \(prefixKey.isEmpty ? "every path" : "\(prefixKey) and below"))" }
            return "\(shown) (ImplementationSpecific, treated as \(matchType.rawValue))"
        }
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
