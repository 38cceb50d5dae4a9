import IngressModel

/// The effective route table as people read it (`ingress-guard routes`): per class and host, each
/// path in the order the controller tries it, its backend, the Ingress that wins it, what it does
/// besides forwarding, and the routes it keeps out.
public struct RouteListing: Sendable {
    public struct Entry: Sendable {
        /// `Exact /foo`, `Prefix /foo`, `location ~* "^/foo"`, `default backend`.
        public var match: String
        public var path: String
        public var backend: BackendTarget?
        public var ingress: ObjectRef?
        public var field: String
        public var location: SourceLocation?
        /// `rewrite to /$1`, `canary default/c (header X-Canary, weight 10 of 100)`, `301 to URL`.
        public var notes: [String]
        /// Routes of the same host, path and match that never serve: `Ingress ns/name spec.rules[0]...`.
        public var shadows: [Route]
    }

    public struct Host: Sendable {
        public var host: String
        /// `regex locations (use-regex or rewrite-target of Ingress ns/a)`, `aliases: b.example.com`.
        public var notes: [String]
        public var entries: [Entry]
    }

    public struct Class: Sendable {
        public var name: String?
        public var semantics: ControllerProfile
        public var semanticsReason: String
        public var hosts: [Host]
    }

    public var classes: [Class]
}

extension RouteTable {
    public var listing: RouteListing {
        RouteListing(classes: classKeys.compactMap { key in
            guard let table = classes[key] else { return nil }
            return RouteListing.Class(
                name: table.assignedClass, semantics: table.semantics, semanticsReason: table.semanticsReason, hosts: table.listedHosts)
        })
    }
}

extension ClassRouteTable {
    /// The class's hosts as its controller serves them.
    public var listedHosts: [RouteListing.Host] {
        if let nginx { return nginx.listedHosts }
        var hosts: [RouteListing.Host] = hostIndexes.map { pattern, index in
            // Winners first: longer paths, then Exact before Prefix, as precedence orders them.
            let buckets = (index.exact.values.map { ($0, true) } + index.prefix.values.map { ($0, false) }).filter { !$0.0.isEmpty }
            let sorted = buckets.sorted { lhs, rhs in Precedence.wins(lhs.0[0], over: rhs.0[0]) }
            let entries = sorted.map { bucket, _ in
                let winner = bucket[0]
                let type = winner.declaredType != .implementationSpecific ? winner.declaredType.rawValue
                    : winner.globPrefix ? "ImplementationSpecific (a glob, as Prefix \(winner.prefixKey.isEmpty ? "/" : winner.prefixKey))"
                    : "ImplementationSpecific (as \(winner.matchType.rawValue))"
                let match = "\(type) \(winner.path.isEmpty ? "/" : winner.path)"
                return RouteListing.Entry(
                    match: match, path: winner.path.isEmpty ? "/" : winner.path, backend: winner.backend, ingress: winner.origin.ingress,
                    field: winner.field, location: winner.location, notes: [], shadows: Array(bucket.dropFirst()))
            }
            return RouteListing.Host(host: pattern.description, notes: [], entries: entries)
        }
        if let fallback = defaultBackends.first {
            let entry = RouteListing.Entry(
                match: "default backend", path: "", backend: fallback.backend, ingress: fallback.origin.ingress, field: fallback.field,
                location: fallback.location, notes: defaultBackends.count > 1 ? ["the oldest of \(defaultBackends.count) default backends"] : [], shadows: [])
            hosts.append(RouteListing.Host(host: "(any other request)", notes: [], entries: [entry]))
        }
        return hosts
    }
}

extension NginxServerSet {
    var listedHosts: [RouteListing.Host] {
        hosts.compactMap { name -> RouteListing.Host? in
            guard let server = servers[name] else { return nil }
            var notes: [String] = []
            if let target = server.redirectsToHost { notes.append("from-to-www-redirect: every request 308 to \(target)") }
            if server.regexMode {
                notes.append("regex locations, case-insensitive, first match in this order" + (server.regexTrigger.map { " (use-regex or rewrite-target of Ingress \($0.qualifiedName))" } ?? ""))
            }
            if !server.aliases.isEmpty { notes.append("aliases: " + server.aliases.joined(separator: ", ")) }
            if server.certified { notes.append("TLS: plain HTTP is redirected (ssl-redirect) where a location allows it") }
            if let (root, _) = server.appRoot { notes.append("app-root: / is redirected (302) to \(root)") }
            var listed = Set<ObjectIdentifier>()
            let entries = server.locations.map { location -> RouteListing.Entry in
                var locationNotes: [String] = []
                if let settings = location.settings {
                    if let redirect = settings.temporalRedirect ?? settings.permanentRedirect { locationNotes.append("\(redirect.code) to \(redirect.url)") }
                    if settings.forceSSLRedirect { locationNotes.append("force-ssl-redirect") }
                    if settings.sslRedirect == false && server.certified { locationNotes.append("ssl-redirect off") }
                }
                if let target = location.rewriteTarget { locationNotes.append("rewrite to \(target)") }
                if let fallback = location.fallback { locationNotes.append("default-backend \(fallback.backend) when it has no endpoints") }
                let backend = location.route?.backend ?? location.defaultBackend?.backend
                if let backend, let canary = canaries[backend] {
                    var how: [String] = []
                    if let header = canary.header { how.append("header \(header)" + (canary.headerValue.map { ": \($0)" } ?? canary.headerPattern.map { " ~ \($0)" } ?? "")) }
                    if let cookie = canary.cookie { how.append("cookie \(cookie)") }
                    if canary.weight > 0 { how.append("weight \(canary.weight) of \(canary.weightTotal)") }
                    locationNotes.append("canary \(canary.route.backend) of Ingress \(canary.ingress.qualifiedName)" + (how.isEmpty ? "" : " (\(how.joined(separator: ", ")))"))
                }
                if location.route == nil && location.defaultBackend == nil { locationNotes.append("the controller's 404") }
                // A Prefix path makes two locations; what it keeps out is listed under the first.
                let first = location.route.map { listed.insert(ObjectIdentifier($0)).inserted } ?? false
                let shadows = first ? server.dropped.filter { dropped in location.route.map { $0 === dropped.keptBy } ?? false }.map(\.route) : []
                return RouteListing.Entry(
                    match: location.directive, path: location.path, backend: backend, ingress: location.ingress,
                    field: location.route?.field ?? location.defaultBackend?.field ?? "", location: location.route?.location ?? location.defaultBackend?.location,
                    notes: locationNotes, shadows: shadows)
            }
            return RouteListing.Host(host: name == NginxServer.catchAll ? "_ (any other host)" : name, notes: notes, entries: entries)
        }
    }
}
