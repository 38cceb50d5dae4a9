import Synchronization
import IngressModel
import Inventory

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
    /// The profile whose semantics route the class (`decide`, `explain`, the proxy).
    public internal(set) var semantics: ControllerProfile = .specification
    /// Why that profile: e.g. `every Ingress of the class is judged by ingress-nginx`, `--to spec`.
    public internal(set) var semanticsReason = "the specification"
    /// ingress-nginx's server blocks, when ingress-nginx routes the class: built on first use
    /// (the webhook's rules rarely need them), or up front by `materialized()` for the proxy.
    public var nginx: NginxServerSet? { builtNginx ?? lazyNginx?.value }
    private var builtNginx: NginxServerSet?
    private var lazyNginx: LazyNginxServers?
    /// An Ingress of the class sets use-regex or rewrite-target: a host may have regex locations.
    public private(set) var mayHaveRegexLocations = false

    init(assignedClass: String?) {
        self.assignedClass = assignedClass
    }

    var sealed: ClassRouteTable {
        var copy = self
        copy.seal()
        return copy
    }

    /// Builds ingress-nginx's servers once, on first use, for every copy of the table.
    final class LazyNginxServers: Sendable {
        private let build: @Sendable () -> NginxServerSet
        private let cache = Mutex<NginxServerSet?>(nil)

        init(_ build: @escaping @Sendable () -> NginxServerSet) {
            self.build = build
        }

        var value: NginxServerSet {
            cache.withLock { cached in
                if let cached { return cached }
                let built = build()
                cached = built
                return built
            }
        }
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

    /// Adds an Ingress's routes; `services` resolves their backends' Service ports (named ports
    /// become numbers), once here rather than on every request.
    /// `profile` judges the Ingress: it says what its ImplementationSpecific paths mean.
    mutating func add(_ ingress: Ingress, origin: RouteOrigin, services: Inventory?, profile: ControllerProfile) {
        compact = nil
        ingresses.append(ingress.ref)
        let namespace = ingress.ref.namespace
        for (ruleIndex, rule) in ingress.rules.enumerated() {
            let host = HostPattern(ruleHost: rule.host?.value)
            // A rule with a host but no http still claims the host: requests for it get the
            // default backend (or 404), never another host's rules, as ingress-nginx serves it.
            if case .any = host, rule.http == nil { continue }
            // Inserted in place: a copy of the host's index taken out and set back would share
            // its storage while mutated, and copy it whole at every path (quadratic in the paths
            // of one host: 2,000 Ingresses sharing a host took 300 ms per admission).
            let slot = slot(creatingFor: host)
            for (pathIndex, path) in (rule.http?.paths ?? []).enumerated() {
                guard let declared = path.knownPathType else { continue }
                let backend = BackendTarget(path.backend, namespace: namespace)
                var matchType: MatchType = declared == .exact ? .exact : .prefix
                var matchPath: String?
                if declared == .implementationSpecific, let reading = profile.implementationSpecific.reading(path.pathText) {
                    (matchType, matchPath) = (reading.0, reading.matchPath)
                }
                pathIndexes[slot].insert(Route(
                    origin: origin, host: host, ruleIndex: ruleIndex, pathIndex: pathIndex,
                    path: path.pathText, declaredType: declared, matchType: matchType,
                    backend: backend, backendKey: Self.key(backend, services: services),
                    location: path.path?.location ?? path.location, field: path.field, matchPath: matchPath))
            }
        }
        if let backend = ingress.defaultBackend {
            let target = BackendTarget(backend, namespace: namespace)
            let entry = DefaultBackendEntry(
                origin: origin, backend: target, backendKey: Self.key(target, services: services),
                location: backend.location, field: backend.field)
            let position = defaultBackends.partitionIndex { RouteOrigin.isOlder(origin, than: $0.origin) == true }
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
        let position = list.partitionIndex { RouteOrigin.isOlder(binding.origin, than: $0.origin) == true }
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

    /// The slot of the host's path index, made (empty) when the host is new.
    private mutating func slot(creatingFor host: HostPattern) -> Int {
        if let existing = slot(for: host) { return existing }
        let position = pathIndexes.count
        pathIndexes.append(PathIndex())
        switch host {
        case .exact(let name): exactHostSlots[Substring(name)] = position
        case .wildcard(let suffix): wildcardHostSlots[Substring(suffix)] = position
        case .any: anyHostSlot = position
        }
        return position
    }

    private static func key(_ target: BackendTarget, services: Inventory?) -> ServicePortReference? {
        services.map { $0.portReference(for: target) } ?? ServicePortReference(target)
    }

    /// Host first: the most specific host the table knows (exact, then one-label wildcard, then none).
    private func selectSlot(_ host: Substring) -> (specificity: HostPattern.Specificity, slot: Int)? {
        if let slot = exactHostSlots[host] { return (.exact, slot) }
        if let suffix = RequestHost.wildcardSuffix(of: host), let slot = wildcardHostSlots[suffix] { return (.wildcard, slot) }
        if let anyHostSlot { return (.any, anyHostSlot) }
        return nil
    }

    public func selectHost(_ requestHost: String) -> (HostPattern, PathIndex)? {
        let host = Substring(requestHost)
        return selectSlot(host).map { (HostPattern(selected: $0.specificity, requestHost: host), pathIndexes[$0.slot]) }
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
            return Resolution(className: assignedClass, outcome: .route(route), hostSpecificity: selected.specificity, requestHost: host)
        }
        if let fallback = defaultBackends.first {
            return Resolution(className: assignedClass, outcome: .defaultBackend(fallback), hostSpecificity: selected?.specificity, requestHost: host)
        }
        return Resolution(className: assignedClass, outcome: .notFound, hostSpecificity: selected?.specificity, requestHost: host)
    }

    /// The same resolution from the PathIndex buckets (before `seal()`, and as the test oracle).
    func resolveByWalking(host: Substring, path: Substring) -> Resolution {
        let selected = selectSlot(host)
        if let selected, let route = pathIndexes[selected.slot].match(path) {
            return Resolution(className: assignedClass, outcome: .route(route), hostSpecificity: selected.specificity, requestHost: host)
        }
        if let fallback = defaultBackends.first {
            return Resolution(className: assignedClass, outcome: .defaultBackend(fallback), hostSpecificity: selected?.specificity, requestHost: host)
        }
        return Resolution(className: assignedClass, outcome: .notFound, hostSpecificity: selected?.specificity, requestHost: host)
    }

    /// Sets the semantics the class is routed by; for ingress-nginx, builds its server blocks
    /// from the Ingresses (canaries included) of the class.
    mutating func route(by semantics: (ControllerProfile, String), members: [(Ingress, RouteOrigin, Bool)], services: Inventory?) {
        self.semantics = semantics.0
        semanticsReason = semantics.1
        builtNginx = nil
        mayHaveRegexLocations = false
        guard semantics.0.routing == .ingressNginx else {
            lazyNginx = nil
            return
        }
        let mains = members.filter { !$0.2 }.map { ($0.0, $0.1) }
        let canaries = members.filter { $0.2 }.map { ($0.0, $0.1) }
        lazyNginx = LazyNginxServers { NginxServerSet(mains: mains, canaries: canaries, services: services) }
        mayHaveRegexLocations = members.contains { member in
            let annotations = member.0.metadata.annotations
            return annotations[NginxIngressSettings.prefix + "use-regex"] != nil || annotations[NginxIngressSettings.prefix + "rewrite-target"] != nil
        }
    }

    /// The table with everything a request needs built: what the proxy and `verify` serve from.
    public func materialized() -> ClassRouteTable {
        var copy = self
        copy.builtNginx = nginx
        return copy
    }

    /// Every backend a request of the class can be sent to (for standing up echo backends).
    public var backendTargets: [BackendTarget] {
        hostIndexes.flatMap { $0.1.allRoutes.map(\.backend) } + defaultBackends.map(\.backend) + (nginx?.backendTargets ?? [])
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
