import IngressModel
import Inventory

extension NginxServerSet {
    static let acmeChallengePath = "/.well-known/acme-challenge"

    /// Where ingress-nginx sends the request, in its order of processing: the server (a
    /// from-to-www server redirects everything), app-root, the location nginx selects (or its 301
    /// to a prefix location's slash), temporal and permanent redirects, the rewrite, ssl-redirect,
    /// then the backend: 503 without endpoints unless default-backend answers, and the canary.
    public func decide<Headers: RequestHeaderLookup>(
        _ request: RoutingRequest<Headers>, className: String?, available: (ServicePortReference?) -> Bool
    ) -> RoutingDecision {
        let host = RequestHost.normalize(request.host)
        let path = RoutePath.matchableSlice(request.target)
        func decision(_ action: RoutingDecision.Action, _ reason: String, _ ingress: ObjectRef?) -> RoutingDecision {
            RoutingDecision(action: action, className: className, reason: reason, ingress: ingress)
        }
        guard let server = server(for: host) else { return decision(.answer(status: 404), "no server", nil) }
        if let target = server.redirectsToHost {
            // ngx_srv_redirect.lua: the port always, one trailing slash dropped.
            let port = Self.port(of: request.host) ?? (request.scheme == "https" ? 443 : 80)
            return decision(
                .redirect(status: 308, location: "\(request.scheme)://\(target):\(port)\(Self.droppingTrailingSlash(request.target))"),
                "from-to-www-redirect to \(target)", server.regexTrigger)
        }
        if path == "/", let (root, owner) = server.appRoot {
            return decision(.redirect(status: 302, location: "\(request.scheme)://\(request.host)\(root)"), "app-root of server \(server.host)", owner)
        }
        let location: NginxLocation
        switch server.select(path: path) {
        case .none:
            return decision(.answer(status: 404), "no location of server \(server.host) matches", nil)
        case .slashRedirect(let prefix):
            // nginx appends the arguments only when there are some: `/foo?` redirects to `/foo/`.
            let query = request.target.firstIndex(of: "?").map { String(request.target[$0...]) }.flatMap { $0 == "?" ? nil : $0 } ?? ""
            return decision(
                .redirect(status: 301, location: "\(request.scheme)://\(host)\(path)/\(query)"),
                "nginx sends \(path) to its prefix location \(prefix.path)", prefix.ingress)
        case .location(let selected):
            location = selected
        }
        var via: String { "\(location.directive) of server \(server.host)" }
        let settings = location.settings
        if let redirect = settings?.temporalRedirect ?? settings?.permanentRedirect {
            let kind = settings?.temporalRedirect != nil ? "temporal-redirect" : "permanent-redirect"
            let absolute = redirect.url.hasPrefix("/") && settings?.relativeRedirects != true ? "\(request.scheme)://\(host)\(redirect.url)" : redirect.url
            // nginx's `return` sends a Location only for 301, 302, 303, 307 and 308; with another
            // code the URL is the body.
            guard [301, 302, 303, 307, 308].contains(redirect.code) else {
                return decision(.answer(status: redirect.code), "\(kind) with code \(redirect.code) (\(via))", location.owner)
            }
            return decision(.redirect(status: redirect.code, location: absolute), "\(kind) (\(via))", location.owner)
        }
        if let settings, request.scheme == "http", !location.path.hasPrefix(Self.acmeChallengePath),
            settings.forceSSLRedirect || (settings.sslRedirect && hasCertificate(host))
        {
            let uri = settings.preserveTrailingSlash ? request.target : Self.droppingTrailingSlash(request.target)
            let reason = settings.forceSSLRedirect ? "force-ssl-redirect" : "ssl-redirect, the host has TLS"
            return decision(.redirect(status: 308, location: "https://\(host)\(uri)"), "\(reason) (\(via))", location.owner)
        }
        guard let main = forwardTarget(location, request: request, path: path) else {
            return decision(.answer(status: 404), "the controller's default backend (\(via))", nil)
        }
        guard available(main.backendKey) else {
            if var fallback = location.fallback, available(fallback.backendKey) {
                fallback.upstreamTarget = main.upstreamTarget
                fallback.route = main.route
                return decision(.forward(fallback), "default-backend annotation: \(main.backend) has no endpoints (\(via))", main.ingress)
            }
            return decision(.answer(status: 503), "Service \(main.backend) has no endpoints (\(via))", main.ingress)
        }
        guard let canary = canaries[main.backend], available(canary.route.backendKey) else {
            return RoutingDecision(action: .forward(main), className: className, why: .location(location, server: server.host), ingress: main.ingress)
        }
        var alternative = main
        alternative.backend = canary.route.backend
        alternative.backendKey = canary.route.backendKey
        alternative.route = canary.route
        alternative.defaultBackend = nil
        let name = canary.ingress.qualifiedName
        switch canary.policy.choose(request.headers) {
        case .canary(let why): return decision(.forward(alternative), "canary \(name), \(why) (\(via))", canary.ingress)
        case .main(let why): return decision(.forward(main), "\(via); canary \(name) not taken, \(why)", main.ingress)
        case .weighted:
            let weight = min(max(canary.policy.weight, 0), canary.policy.weightTotal)
            if weight == 0 { return decision(.forward(main), via, main.ingress) }
            if weight >= canary.policy.weightTotal {
                return decision(.forward(alternative), "canary \(name), weight \(weight) of \(canary.policy.weightTotal) (\(via))", canary.ingress)
            }
            return decision(
                .split(main: main, canary: alternative, weight: weight, total: canary.policy.weightTotal),
                "\(via); canary \(name) takes \(weight) of \(canary.policy.weightTotal)", main.ingress)
        }
    }

    /// The location's backend and the target it receives (rewritten by rewrite-target).
    private func forwardTarget<Headers: RequestHeaderLookup>(_ location: NginxLocation, request: RoutingRequest<Headers>, path: Substring) -> ForwardTarget? {
        var upstream = request.target
        if let rewrite = location.rewrite, let target = location.settings?.rewriteTarget, let groups = rewrite.firstMatch(in: path) {
            upstream = Self.rewritten(target: NginxRegex.substitute(target, groups: groups), query: request.target)
        }
        if let route = location.route {
            return ForwardTarget(backend: route.backend, backendKey: route.backendKey, upstreamTarget: upstream, route: route, defaultBackend: nil)
        }
        if let entry = location.defaultBackend {
            return ForwardTarget(backend: entry.backend, backendKey: entry.backendKey, upstreamTarget: upstream, route: nil, defaultBackend: entry)
        }
        return nil
    }

    /// nginx's `rewrite ... break`: the URI becomes the replacement; the request's arguments follow
    /// unless the replacement has its own (`?`).
    static func rewritten(target: String, query original: String) -> String {
        let base = target.hasPrefix("/") ? target : "/" + target
        guard !base.contains("?"), let mark = original.firstIndex(of: "?") else { return base }
        return base + original[mark...]
    }

    /// One trailing `/` of the raw request URI dropped (lua_ingress's redirect_to_https and
    /// ngx_srv_redirect.lua); a query after it keeps it.
    static func droppingTrailingSlash(_ uri: String) -> String {
        uri.hasSuffix("/") ? String(uri.dropLast()) : uri
    }

    static func port(of authority: String) -> Int? {
        guard let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") else { return nil }
        return Int(authority[authority.index(after: colon)...])
    }
}
