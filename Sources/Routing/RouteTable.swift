import IngressModel
import Inventory

/// A default backend of one Ingress. Immutable and shared, like `Route`, so resolutions stay small.
public final class DefaultBackendEntry: Sendable {
    public let origin: RouteOrigin
    public let backend: BackendTarget
    public let location: SourceLocation
    public let field: String

    init(origin: RouteOrigin, backend: BackendTarget, location: SourceLocation, field: String) {
        self.origin = origin
        self.backend = backend
        self.location = location
        self.field = field
    }
}

/// A TLS entry: which Secret terminates which host.
public final class TLSBinding: Sendable {
    public let origin: RouteOrigin
    public let host: HostPattern
    public let secretName: String?
    public let location: SourceLocation
    public let field: String

    init(origin: RouteOrigin, host: HostPattern, secretName: String?, location: SourceLocation, field: String) {
        self.origin = origin
        self.host = host
        self.secretName = secretName
        self.location = location
        self.field = field
    }
}

/// The routes of one IngressClass: host index, per-host path indexes, default backends, TLS.
public struct ClassRouteTable: Sendable {
    public var assignedClass: String?
    /// Host buckets; the maps below point into it, so a lookup never copies a PathIndex.
    private var pathIndexes: [PathIndex] = []
    private var exactHostSlots: [Substring: Int] = [:]
    private var wildcardHostSlots: [Substring: Int] = [:]
    private var anyHostSlot: Int?
    /// Oldest first: the first one serves.
    public private(set) var defaultBackends: [DefaultBackendEntry] = []
    public private(set) var exactTLS: [String: [TLSBinding]] = [:]
    public private(set) var wildcardTLS: [String: [TLSBinding]] = [:]
    public private(set) var ingresses: [ObjectRef] = []
    /// Built by `seal()` once every Ingress is added; until then `resolve` walks the PathIndexes.
    private var compact: CompactRouteIndex?

    init(assignedClass: String?) {
        self.assignedClass = assignedClass
    }

    var sealed: ClassRouteTable {
        var copy = self
        copy.seal()
        return copy
    }

    /// Builds the lookup structure `resolve` uses; call after the last `add`.
    mutating func seal() {
        compact = CompactRouteIndex(buckets: bucketsInSlotOrder)
    }

    private var bucketsInSlotOrder: [(HostPattern, PathIndex)] {
        var buckets = Array(repeating: (HostPattern.any, PathIndex()), count: pathIndexes.count)
        for (name, slot) in exactHostSlots { buckets[slot] = (.exact(String(name)), pathIndexes[slot]) }
        for (suffix, slot) in wildcardHostSlots { buckets[slot] = (.wildcard(suffix: String(suffix)), pathIndexes[slot]) }
        if let anyHostSlot { buckets[anyHostSlot] = (.any, pathIndexes[anyHostSlot]) }
        return buckets
    }

    mutating func add(_ ingress: Ingress, origin: RouteOrigin) {
        compact = nil
        ingresses.append(ingress.ref)
        let namespace = ingress.ref.namespace
        for (ruleIndex, rule) in ingress.rules.enumerated() {
            let host = HostPattern(ruleHost: rule.host?.value)
            // A rule with a host but no http still claims the host: requests for it get the
            // default backend (or 404), never another host's rules, as ingress-nginx serves it.
            var index = pathIndex(for: host) ?? PathIndex()
            for (pathIndex, path) in (rule.http?.paths ?? []).enumerated() {
                guard let declared = path.knownPathType else { continue }
                index.insert(Route(
                    origin: origin, host: host, ruleIndex: ruleIndex, pathIndex: pathIndex,
                    path: path.pathText, declaredType: declared,
                    matchType: declared == .exact ? .exact : .prefix,
                    backend: BackendTarget(path.backend, namespace: namespace),
                    location: path.path?.location ?? path.location, field: path.field))
            }
            if case .any = host, rule.http == nil { continue }
            setPathIndex(index, for: host)
        }
        if let backend = ingress.defaultBackend {
            let entry = DefaultBackendEntry(
                origin: origin, backend: BackendTarget(backend, namespace: namespace),
                location: backend.location, field: backend.field)
            let position = defaultBackends.firstIndex { RouteOrigin.isOlder(origin, than: $0.origin) == true } ?? defaultBackends.endIndex
            defaultBackends.insert(entry, at: position)
        }
        for tls in ingress.tls {
            for host in tls.hosts {
                let binding = TLSBinding(
                    origin: origin, host: HostPattern(ruleHost: host.value), secretName: tls.secretName?.value,
                    location: host.location, field: host.field)
                switch binding.host {
                case .exact(let name): Self.insertByAge(binding, into: &exactTLS[name, default: []])
                case .wildcard(let suffix): Self.insertByAge(binding, into: &wildcardTLS[suffix, default: []])
                case .any: break
                }
            }
        }
    }

    private static func insertByAge(_ binding: TLSBinding, into list: inout [TLSBinding]) {
        let position = list.firstIndex { RouteOrigin.isOlder(binding.origin, than: $0.origin) == true } ?? list.endIndex
        list.insert(binding, at: position)
    }

    private func slot(for host: HostPattern) -> Int? {
        switch host {
        case .exact(let name): return exactHostSlots[Substring(name)]
        case .wildcard(let suffix): return wildcardHostSlots[Substring(suffix)]
        case .any: return anyHostSlot
        }
    }

    public func pathIndex(for host: HostPattern) -> PathIndex? { slot(for: host).map { pathIndexes[$0] } }

    private mutating func setPathIndex(_ index: PathIndex, for host: HostPattern) {
        if let existing = slot(for: host) {
            pathIndexes[existing] = index
            return
        }
        let position = pathIndexes.count
        pathIndexes.append(index)
        switch host {
        case .exact(let name): exactHostSlots[Substring(name)] = position
        case .wildcard(let suffix): wildcardHostSlots[Substring(suffix)] = position
        case .any: anyHostSlot = position
        }
    }

    /// Host first: the most specific host the table knows (exact, then one-label wildcard, then none).
    private func selectSlot(_ host: Substring) -> (kind: Int, slot: Int)? {
        if let slot = exactHostSlots[host] { return (2, slot) }
        if let suffix = RequestHost.wildcardSuffix(of: host), let slot = wildcardHostSlots[suffix] { return (1, slot) }
        if let anyHostSlot { return (0, anyHostSlot) }
        return nil
    }

    private func pattern(kind: Int, host: Substring) -> HostPattern {
        switch kind {
        case 2: return .exact(String(host))
        case 1: return .wildcard(suffix: String(RequestHost.wildcardSuffix(of: host) ?? ""))
        default: return .any
        }
    }

    public func selectHost(_ requestHost: String) -> (HostPattern, PathIndex)? {
        let host = Substring(requestHost)
        return selectSlot(host).map { (pattern(kind: $0.kind, host: host), pathIndexes[$0.slot]) }
    }

    /// Every host bucket that covers the request host, most specific first (for `explain`).
    public func coveringHosts(_ requestHost: String) -> [(HostPattern, PathIndex)] {
        var buckets: [(HostPattern, PathIndex)] = []
        let host = Substring(requestHost)
        if let slot = exactHostSlots[host] { buckets.append((.exact(requestHost), pathIndexes[slot])) }
        if let suffix = RequestHost.wildcardSuffix(of: host), let slot = wildcardHostSlots[suffix] {
            buckets.append((.wildcard(suffix: String(suffix)), pathIndexes[slot]))
        }
        if let anyHostSlot { buckets.append((.any, pathIndexes[anyHostSlot])) }
        return buckets
    }

    /// Resolves a request: the Host header as sent (port and case are normalized) and the
    /// request-target (query and fragment are ignored). Allocates nothing on the common path.
    public func resolve(host rawHost: String, path rawPath: String) -> Resolution {
        let host = RequestHost.normalizedSlice(rawHost)
        let path = RoutePath.matchableSlice(rawPath)
        guard let compact else { return resolveByWalking(host: host, path: path) }
        let selected = compact.selectHost(host)
        if let selected, let route = compact.match(selected, path: path) {
            return Resolution(className: assignedClass, outcome: .route(route), hostKind: selected.kind, requestHost: host)
        }
        if let fallback = defaultBackends.first {
            return Resolution(className: assignedClass, outcome: .defaultBackend(fallback), hostKind: selected?.kind, requestHost: host)
        }
        return Resolution(className: assignedClass, outcome: .notFound, hostKind: selected?.kind, requestHost: host)
    }

    /// The same resolution from the PathIndex buckets (before `seal()`, and as the test oracle).
    func resolveByWalking(host: Substring, path: Substring) -> Resolution {
        let selected = selectSlot(host)
        if let selected, let route = pathIndexes[selected.slot].match(path) {
            return Resolution(className: assignedClass, outcome: .route(route), hostKind: selected.kind, requestHost: host)
        }
        if let fallback = defaultBackends.first {
            return Resolution(className: assignedClass, outcome: .defaultBackend(fallback), hostKind: selected?.kind, requestHost: host)
        }
        return Resolution(className: assignedClass, outcome: .notFound, hostKind: selected?.kind, requestHost: host)
    }

    /// Every TLS binding of the class (for loading certificates up front).
    public var allTLSBindings: [TLSBinding] {
        exactTLS.keys.sorted().flatMap { exactTLS[$0] ?? [] } + wildcardTLS.keys.sorted().flatMap { wildcardTLS[$0] ?? [] }
    }

    /// The TLS entry whose hosts cover the SNI name: exact hosts first, then one-label wildcards.
    public func tlsBinding(for rawHost: String) -> TLSBinding? {
        let host = RequestHost.normalize(rawHost)
        if let binding = exactTLS[host]?.first { return binding }
        if let suffix = RequestHost.wildcardSuffix(of: host) { return wildcardTLS[suffix]?.first }
        return nil
    }

    /// Every host bucket of the class, for analyses that walk host by host, in a stable order:
    /// exact hosts, then wildcards, then the host-less rules, each alphabetically.
    public var hostIndexes: [(HostPattern, PathIndex)] {
        let exact = exactHostSlots.sorted { $0.key < $1.key }.map { (HostPattern.exact(String($0.key)), pathIndexes[$0.value]) }
        let wildcard = wildcardHostSlots.sorted { $0.key < $1.key }.map { (HostPattern.wildcard(suffix: String($0.key)), pathIndexes[$0.value]) }
        return exact + wildcard + (anyHostSlot.map { [(HostPattern.any, pathIndexes[$0])] } ?? [])
    }
}

/// The outcome of resolving one request in one class.
public struct Resolution: Sendable {
    public enum Outcome: Sendable {
        case route(Route)
        case defaultBackend(DefaultBackendEntry)
        case notFound
    }

    public var className: String?
    public var outcome: Outcome
    /// 2 exact host, 1 wildcard, 0 no host, nil no host bucket matched.
    private var hostKind: Int?
    private var requestHost: Substring

    init(className: String?, outcome: Outcome, hostKind: Int?, requestHost: Substring) {
        self.className = className
        self.outcome = outcome
        self.hostKind = hostKind
        self.requestHost = requestHost
    }

    /// The host bucket that was selected, if any.
    public var hostPattern: HostPattern? {
        switch hostKind {
        case 2: return .exact(String(requestHost))
        case 1: return .wildcard(suffix: String(RequestHost.wildcardSuffix(of: requestHost) ?? ""))
        case 0: return .any
        default: return nil
        }
    }

    public var backend: BackendTarget? {
        switch outcome {
        case .route(let route): return route.backend
        case .defaultBackend(let entry): return entry.backend
        case .notFound: return nil
        }
    }
}

/// The path part that matching sees: up to the first `?` or `#`.
public enum RoutePath {
    public static func matchable(_ raw: String) -> String { String(matchableSlice(raw)) }

    public static func matchableSlice(_ raw: String) -> Substring {
        let utf8 = raw.utf8
        guard let end = utf8.firstIndex(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }) else { return Substring(raw) }
        return raw[..<end]
    }
}

/// THE route table: every Ingress compiled into per-class tables. Conflict analysis, `explain`,
/// `verify`, the proxy and the webhook all resolve through it.
public struct RouteTable: Sendable {
    public private(set) var classes: [String: ClassRouteTable] = [:]
    public let assignment: ClassAssignment
    public private(set) var assignments: [ObjectRef: AssignedClass] = [:]

    /// `onlyClass` limits the table to one class (`--ingress-class`).
    public init(inventory: Inventory, onlyClass: String? = nil) {
        self.init(ingresses: inventory.ingresses, assignment: ClassAssignment(inventory: inventory), onlyClass: onlyClass)
    }

    public init(ingresses: [Ingress], assignment: ClassAssignment, onlyClass: String? = nil) {
        self.assignment = assignment
        for ingress in ingresses {
            let assigned = assignment.assign(ingress)
            if let onlyClass, assigned.name != onlyClass { continue }
            assignments[ingress.ref] = assigned
            let origin = RouteOrigin(
                ingress: ingress.ref, source: ingress.source,
                creationTimestamp: ingress.metadata.creationTimestamp, assignedClass: assigned)
            classes[assigned.key, default: ClassRouteTable(assignedClass: assigned.name)].add(ingress, origin: origin)
        }
        for key in classes.keys { classes[key]?.seal() }
    }

    /// Class keys in a stable order: named classes alphabetically, then the Ingresses with no class.
    public var classKeys: [String] {
        classes.keys.sorted { lhs, rhs in
            if lhs.isEmpty != rhs.isEmpty { return !lhs.isEmpty }
            return lhs < rhs
        }
    }

    public func table(forClass name: String?) -> ClassRouteTable? { classes[name ?? ""] }
}
