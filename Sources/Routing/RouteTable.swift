import IngressModel
import Inventory

/// A default backend of one Ingress.
public struct DefaultBackendEntry: Sendable {
    public var origin: RouteOrigin
    public var backend: BackendTarget
    public var location: SourceLocation
    public var field: String
}

/// A TLS entry: which Secret terminates which host.
public struct TLSBinding: Sendable {
    public var origin: RouteOrigin
    public var host: HostPattern
    public var secretName: String?
    public var location: SourceLocation
    public var field: String
}

/// The routes of one IngressClass: host index, per-host path indexes, default backends, TLS.
public struct ClassRouteTable: Sendable {
    public var assignedClass: String?
    public private(set) var exactHosts: [String: PathIndex] = [:]
    public private(set) var wildcardHosts: [String: PathIndex] = [:]
    public private(set) var anyHost: PathIndex?
    /// Oldest first: the first one serves.
    public private(set) var defaultBackends: [DefaultBackendEntry] = []
    public private(set) var exactTLS: [String: [TLSBinding]] = [:]
    public private(set) var wildcardTLS: [String: [TLSBinding]] = [:]
    public private(set) var ingresses: [ObjectRef] = []

    init(assignedClass: String?) {
        self.assignedClass = assignedClass
    }

    mutating func add(_ ingress: Ingress, origin: RouteOrigin) {
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

    public func pathIndex(for host: HostPattern) -> PathIndex? {
        switch host {
        case .exact(let name): return exactHosts[name]
        case .wildcard(let suffix): return wildcardHosts[suffix]
        case .any: return anyHost
        }
    }

    private mutating func setPathIndex(_ index: PathIndex, for host: HostPattern) {
        switch host {
        case .exact(let name): exactHosts[name] = index
        case .wildcard(let suffix): wildcardHosts[suffix] = index
        case .any: anyHost = index
        }
    }

    /// Host first: the most specific host the table knows (exact, then one-label wildcard, then none).
    public func selectHost(_ requestHost: String) -> (HostPattern, PathIndex)? {
        if let index = exactHosts[requestHost] { return (.exact(requestHost), index) }
        if let suffix = RequestHost.wildcardSuffix(of: requestHost), let index = wildcardHosts[suffix] {
            return (.wildcard(suffix: suffix), index)
        }
        if let anyHost { return (.any, anyHost) }
        return nil
    }

    /// Every host bucket that covers the request host, most specific first (for `explain`).
    public func coveringHosts(_ requestHost: String) -> [(HostPattern, PathIndex)] {
        var buckets: [(HostPattern, PathIndex)] = []
        if let index = exactHosts[requestHost] { buckets.append((.exact(requestHost), index)) }
        if let suffix = RequestHost.wildcardSuffix(of: requestHost), let index = wildcardHosts[suffix] {
            buckets.append((.wildcard(suffix: suffix), index))
        }
        if let anyHost { buckets.append((.any, anyHost)) }
        return buckets
    }

    public func resolve(host rawHost: String, path rawPath: String) -> Resolution {
        let host = RequestHost.normalize(rawHost)
        let path = RoutePath.matchable(rawPath)
        if let (pattern, index) = selectHost(host), let route = index.match(path) {
            return Resolution(className: assignedClass, outcome: .route(route), hostPattern: pattern)
        }
        if let fallback = defaultBackends.first {
            return Resolution(className: assignedClass, outcome: .defaultBackend(fallback), hostPattern: selectHost(host)?.0)
        }
        return Resolution(className: assignedClass, outcome: .notFound, hostPattern: selectHost(host)?.0)
    }

    /// The TLS entry whose hosts cover the SNI name: exact hosts first, then one-label wildcards.
    public func tlsBinding(for rawHost: String) -> TLSBinding? {
        let host = RequestHost.normalize(rawHost)
        if let binding = exactTLS[host]?.first { return binding }
        if let suffix = RequestHost.wildcardSuffix(of: host) { return wildcardTLS[suffix]?.first }
        return nil
    }

    /// Every route of the class, for analyses that walk host by host.
    public var hostIndexes: [(HostPattern, PathIndex)] {
        exactHosts.map { (.exact($0.key), $0.value) } + wildcardHosts.map { (.wildcard(suffix: $0.key), $0.value) }
            + (anyHost.map { [(.any, $0)] } ?? [])
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
    /// The host bucket that was selected, if any.
    public var hostPattern: HostPattern?

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
    public static func matchable(_ raw: String) -> String {
        guard let end = raw.firstIndex(where: { $0 == "?" || $0 == "#" }) else { return raw }
        return String(raw[..<end])
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
