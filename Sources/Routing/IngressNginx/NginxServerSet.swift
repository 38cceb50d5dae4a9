import IngressModel
import Inventory

/// The server blocks ingress-nginx generates for one class: the Ingresses of a host merged into
/// one server (the oldest first), their paths turned into locations as the controller writes them
/// (`createServers`, `updateServerLocations`, `buildLocation`), canaries merged as alternatives of
/// the main backends, server aliases and from-to-www servers added.
public struct NginxServerSet: Sendable {
    /// By host: exact names and `*.suffix` wildcards; `_` is the default server.
    public private(set) var servers: [String: NginxServer] = [:]
    /// `server-alias` names → the server's host.
    private var aliases: [String: String] = [:]
    /// Main backend (namespace, Service, port as written) → its canary: the first merged, the one
    /// balancer.lua consults.
    public private(set) var canaries: [BackendTarget: NginxCanary] = [:]
    /// Hosts whose server has a certificate (ssl-redirect's `cert_configured`).
    private var certified: Set<String> = []

    /// Hosts in a stable order for listings: exact names, wildcards, redirect servers, then `_`.
    public var hosts: [String] {
        servers.keys.sorted { lhs, rhs in
            let left = (lhs == NginxServer.catchAll ? 2 : lhs.hasPrefix("*.") ? 1 : 0, lhs)
            let right = (rhs == NginxServer.catchAll ? 2 : rhs.hasPrefix("*.") ? 1 : 0, rhs)
            return left < right
        }
    }

    /// ingress-nginx's order of Ingresses (`sortIngressSlice`): the oldest first; created in the
    /// same second, by namespace/name descending.
    static func ordered(_ ingresses: [(Ingress, RouteOrigin)]) -> [(Ingress, RouteOrigin)] {
        ingresses.sorted { lhs, rhs in
            let (left, right) = (lhs.1, rhs.1)
            if let leftTime = left.creationTimestamp, let rightTime = right.creationTimestamp, leftTime != rightTime { return leftTime < rightTime }
            if (left.creationTimestamp == nil) != (right.creationTimestamp == nil) { return left.creationTimestamp != nil }
            return "\(left.ingress.namespace)/\(left.ingress.name)" > "\(right.ingress.namespace)/\(right.ingress.name)"
        }
    }

    private struct LocationDraft {
        var path: String
        var pathType: PathType
        var route: Route?
        var defaultBackend: DefaultBackendEntry?
        var settings: NginxIngressSettings?
        var fallback: ForwardTarget?
        /// The Ingress whose annotations the location carries.
        var owner: ObjectRef?
        var isPlaceholder: Bool { route == nil }
    }

    private struct ServerDraft {
        private(set) var locations: [LocationDraft]
        var dropped: [NginxServer.Dropped] = []
        var aliases: [String] = []
        var fromToWWW = false
        /// Where each path and type is in `locations`: a host with thousands of paths is not
        /// searched through at each one.
        private var positions: [LocationKey: Int] = [:]

        private struct LocationKey: Hashable {
            var path: String
            var pathType: PathType
        }

        init(locations: [LocationDraft]) {
            self.locations = []
            for location in locations { place(location) }
        }

        /// The first location of a path and type stays; a later one replaces only the root
        /// placeholder, else it is dropped (ingress-nginx keeps the oldest Ingress's path).
        mutating func place(_ draft: LocationDraft) {
            let key = LocationKey(path: draft.path, pathType: draft.pathType)
            guard let existing = positions[key] else {
                positions[key] = locations.count
                locations.append(draft)
                return
            }
            if locations[existing].isPlaceholder {
                locations[existing] = draft
            } else if let winner = locations[existing].route, let route = draft.route {
                dropped.append(NginxServer.Dropped(route: route, keptBy: winner))
            }
        }

        mutating func setRootDefaultBackend(_ entry: DefaultBackendEntry) {
            locations[0].defaultBackend = entry
        }
    }

    init(mains unordered: [(Ingress, RouteOrigin)], canaries canaryIngresses: [(Ingress, RouteOrigin)], services: Inventory?) {
        let mains = Self.ordered(unordered)
        var drafts: [String: ServerDraft] = [
            NginxServer.catchAll: ServerDraft(locations: [LocationDraft(path: "/", pathType: .prefix, route: nil, defaultBackend: nil, settings: nil)])
        ]
        func key(_ target: BackendTarget) -> ServicePortReference? {
            services.map { $0.portReference(for: target) } ?? ServicePortReference(target)
        }
        func hostKey(_ rule: IngressRule) -> String {
            guard let host = rule.host?.value.lowercased(), !host.isEmpty else { return NginxServer.catchAll }
            return host
        }
        func route(_ ingress: Ingress, _ origin: RouteOrigin, _ rule: IngressRule, _ ruleIndex: Int, _ path: HTTPIngressPath, _ pathIndex: Int) -> Route? {
            // ImplementationSpecific is Prefix to ingress-nginx (SetDefaultNGINXPathType); a
            // resource backend makes no location.
            guard let type = path.knownPathType, path.backend?.service != nil else { return nil }
            let backend = BackendTarget(path.backend, namespace: ingress.ref.namespace)
            return Route(
                origin: origin, host: HostPattern(ruleHost: rule.host?.value), ruleIndex: ruleIndex, pathIndex: pathIndex,
                path: path.pathText, declaredType: type, matchType: type == .exact ? .exact : .prefix,
                backend: backend, backendKey: key(backend), location: path.path?.location ?? path.location, field: path.field)
        }
        var settingsOf: [ObjectRef: NginxIngressSettings] = [:]
        // Servers first, each made by the oldest Ingress naming its host: its root placeholder
        // serves that Ingress's spec.defaultBackend (or the controller's 404) and carries all of
        // its annotations.
        for (ingress, origin) in mains {
            let settings = NginxIngressSettings(ingress)
            settingsOf[ingress.ref] = settings
            let defaultEntry = ingress.defaultBackend.flatMap { backend -> DefaultBackendEntry? in
                guard backend.service != nil else { return nil }
                let target = BackendTarget(backend, namespace: ingress.ref.namespace)
                return DefaultBackendEntry(origin: origin, backend: target, backendKey: key(target), location: backend.location, field: backend.field)
            }
            if ingress.rules.isEmpty, let defaultEntry, drafts[NginxServer.catchAll]?.locations[0].defaultBackend == nil {
                // "Ingress defines a backend but no rule": the catch-all server's (without its redirects).
                drafts[NginxServer.catchAll]?.setRootDefaultBackend(defaultEntry)
            }
            for rule in ingress.rules where drafts[hostKey(rule)] == nil {
                drafts[hostKey(rule)] = ServerDraft(locations: [
                    LocationDraft(path: "/", pathType: .prefix, route: nil, defaultBackend: defaultEntry, settings: settings, owner: ingress.ref)
                ])
            }
        }
        // Paths: the first Ingress to bring a path of a type keeps it; a later one's is dropped,
        // except that any may take the root placeholder.
        for (ingress, origin) in mains {
            let settings = settingsOf[ingress.ref] ?? NginxIngressSettings(ingress)
            let fallback = settings.defaultBackendService.flatMap { name -> ForwardTarget? in
                // default-backend names a Service that must exist; it is reached on its first port.
                guard let service = services?.service(namespace: ingress.ref.namespace, name: name), let port = service.ports.first else { return nil }
                let target = BackendTarget.service(namespace: ingress.ref.namespace, name: name, port: .number(port.port))
                return ForwardTarget(backend: target, backendKey: key(target), upstreamTarget: "", route: nil, defaultBackend: nil)
            }
            for (ruleIndex, rule) in ingress.rules.enumerated() {
                let host = hostKey(rule)
                for (pathIndex, path) in (rule.http?.paths ?? []).enumerated() {
                    guard let route = route(ingress, origin, rule, ruleIndex, path, pathIndex) else { continue }
                    let written = path.pathText.isEmpty ? "/" : path.pathText
                    let type: PathType = route.declaredType == .exact ? .exact : .prefix
                    let draft = LocationDraft(path: written, pathType: type, route: route, defaultBackend: nil, settings: settings, fallback: fallback, owner: ingress.ref)
                    // In place: a draft copied out and set back copied its locations at every path.
                    drafts[host, default: ServerDraft(locations: [])].place(draft)
                    if settings.fromToWWWRedirect { drafts[host]?.fromToWWW = true }
                }
            }
        }
        // ssl-redirect's `cert_configured`: the hosts of Ingresses with any TLS entry (a missing
        // Secret still gets the default certificate).
        for (ingress, _) in mains where !ingress.tls.isEmpty {
            for rule in ingress.rules where hostKey(rule) != NginxServer.catchAll { certified.insert(hostKey(rule)) }
        }
        // Canaries become alternatives of the main backend of the same host, path and type.
        for (ingress, origin) in Self.ordered(canaryIngresses) {
            let settings = NginxIngressSettings(ingress)
            guard let policy = settings.canary else { continue }
            for (ruleIndex, rule) in ingress.rules.enumerated() {
                guard let server = drafts[hostKey(rule)] else { continue }
                for (pathIndex, path) in (rule.http?.paths ?? []).enumerated() {
                    guard let route = route(ingress, origin, rule, ruleIndex, path, pathIndex) else { continue }
                    let written = path.pathText.isEmpty ? "/" : path.pathText
                    let type: PathType = route.declaredType == .exact ? .exact : .prefix
                    for location in server.locations {
                        guard let main = location.route else { continue }
                        if main.backend == route.backend { break }
                        if location.path == written && location.pathType == type && canaries[main.backend] == nil {
                            canaries[main.backend] = NginxCanary(route: route, policy: policy, settings: settings)
                        }
                    }
                }
            }
        }
        // server-alias: the first Ingress of the host that names aliases; a name that is a server's
        // host is skipped.
        for (ingress, _) in mains {
            guard let settings = settingsOf[ingress.ref], !settings.serverAliases.isEmpty else { continue }
            for rule in ingress.rules {
                let host = hostKey(rule)
                guard host != NginxServer.catchAll, drafts[host]?.aliases.isEmpty == true else { continue }
                let names = Set(settings.serverAliases.filter { $0 != host && drafts[$0] == nil }).sorted()
                drafts[host]?.aliases = names
                for name in names where aliases[name] == nil { aliases[name] = host }
            }
        }
        for (host, draft) in drafts {
            servers[host] = Self.server(host: host, draft: draft, certified: certified.contains(host))
        }
        // from-to-www-redirect: the host's other name gets a server that only redirects, unless a
        // server has that name.
        for (host, draft) in drafts where draft.fromToWWW && host != NginxServer.catchAll && !host.hasPrefix("*.") {
            let other = host.hasPrefix("www.") ? String(host.dropFirst(4)) : "www." + host
            guard drafts[other] == nil else { continue }
            let owner = draft.locations.first { $0.settings?.fromToWWWRedirect == true }?.owner
            servers[other] = NginxServer(
                host: other, locations: [], regexMode: false, regexTrigger: owner, aliases: [], certified: false, redirectsToHost: host)
        }
    }

    /// Sorts the locations (`sort.SliceStable` by path descending, then by length descending),
    /// then `updateServerLocations`: Prefix `/foo` becomes the prefix location `/foo/` followed by
    /// an exact `= /foo` (none when an Exact `/foo` exists, none for `/`, none when it rewrites or
    /// is a regex); then `enforceRegexModifier` over the result.
    private static func server(host: String, draft: ServerDraft, certified: Bool) -> NginxServer {
        let sorted = draft.locations.enumerated().sorted { lhs, rhs in
            let (left, right) = (lhs.element.path, rhs.element.path)
            if left.utf8.count != right.utf8.count { return left.utf8.count > right.utf8.count }
            if !left.utf8.elementsEqual(right.utf8) { return right.utf8.lexicographicallyPrecedes(left.utf8) }
            return lhs.offset < rhs.offset
        }.map(\.element)
        let exactPaths = Set(sorted.filter { $0.pathType == .exact && !$0.isPlaceholder }.map(\.path))
        var expanded: [(LocationDraft, NginxLocation.Match, String)] = []
        for location in sorted {
            if location.path == "/" || location.pathType == .exact {
                expanded.append((location, location.pathType == .exact && !location.isPlaceholder ? .exact : .prefix, location.path))
                continue
            }
            if (location.settings?.useRegex ?? false) || NginxLocation.needsRewrite(path: location.path, settings: location.settings) {
                expanded.append((location, .prefix, location.path))
                continue
            }
            let withSlash = location.path.hasSuffix("/") ? location.path : location.path + "/"
            expanded.append((location, .prefix, withSlash))
            if !exactPaths.contains(location.path) { expanded.append((location, .exact, location.path)) }
        }
        let trigger = expanded.first { entry in
            (entry.0.settings?.useRegex ?? false) || NginxLocation.needsRewrite(path: entry.2, settings: entry.0.settings)
        }
        let locations = expanded.map { draftLocation, match, path in
            NginxLocation(
                match: match, path: path, route: draftLocation.route, defaultBackend: draftLocation.defaultBackend,
                fallback: draftLocation.fallback, settings: draftLocation.settings, owner: draftLocation.owner, regexMode: trigger != nil)
        }
        // Two plain locations of one match and path: `nginx -t` fails ("duplicate location").
        var duplicates: [NginxServer.Duplicate] = []
        if trigger == nil {
            var seen: [String: NginxLocation] = [:]
            for location in locations {
                let key = "\(location.match.rawValue) \(location.path)"
                if let first = seen[key] {
                    duplicates.append(NginxServer.Duplicate(kept: first, duplicate: location))
                } else {
                    seen[key] = location
                }
            }
        }
        return NginxServer(
            host: host, locations: locations, regexMode: trigger != nil, regexTrigger: trigger?.0.owner, aliases: draft.aliases, certified: certified,
            dropped: draft.dropped, duplicates: duplicates)
    }

    /// nginx's choice of server: the exact name or an alias, a wildcard (one label), else `_`.
    public func server(for requestHost: String) -> NginxServer? {
        if let server = servers[requestHost] { return server }
        if let owner = aliases[requestHost], let server = servers[owner] { return server }
        if let suffix = RequestHost.wildcardSuffix(of: requestHost), let server = servers["*." + suffix] { return server }
        return servers[NginxServer.catchAll]
    }

    /// ssl-redirect's `cert_configured(host)`: the host's server, or the wildcard server of its
    /// parent domain, has a certificate.
    func hasCertificate(_ requestHost: String) -> Bool {
        if certified.contains(requestHost) { return true }
        if let suffix = RequestHost.wildcardSuffix(of: requestHost) { return certified.contains("*." + suffix) }
        return false
    }
}

extension NginxServerSet {
    /// Every backend a request can reach: locations, root placeholders, default-backend
    /// annotations and canaries.
    public var backendTargets: [BackendTarget] {
        var targets: [BackendTarget] = []
        for server in servers.values {
            for location in server.locations {
                if let route = location.route { targets.append(route.backend) }
                if let entry = location.defaultBackend { targets.append(entry.backend) }
                if let fallback = location.fallback { targets.append(fallback.backend) }
            }
        }
        return targets + canaries.values.map(\.route.backend)
    }
}
