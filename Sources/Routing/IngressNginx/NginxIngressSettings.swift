import IngressModel

/// The annotations of one Ingress that decide where ingress-nginx sends a request: each is read as
/// ingress-nginx's parsers read it (internal/ingress/annotations/*), and a value they refuse leaves
/// the annotation's default in place, as the controller does.
struct NginxIngressSettings: Sendable {
    static let prefix = "nginx.ingress.kubernetes.io/"

    var useRegex = false
    /// rewrite-target; only a target other than the path itself rewrites (`needsRewrite`).
    var rewriteTarget: String?
    var appRoot: String?
    var permanentRedirect: Redirect?
    var temporalRedirect: Redirect?
    var sslRedirect = true
    var forceSSLRedirect = false
    var preserveTrailingSlash = false
    /// relative-redirects: a relative permanent-redirect stays relative in Location.
    var relativeRedirects = false
    var fromToWWWRedirect = false
    var serverAliases: [String] = []
    /// default-backend: a Service of the Ingress's namespace that answers when the route's Service
    /// has no endpoints.
    var defaultBackendService: String?
    var canary: NginxCanaryPolicy?

    struct Redirect: Sendable {
        var url: String
        var code: Int
    }

    init(_ ingress: Ingress) {
        let annotations = ingress.metadata.annotations
        func value(_ name: String) -> String? {
            guard let text = annotations[Self.prefix + name]?.value else { return nil }
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : trimmed
        }
        func flag(_ name: String) -> Bool? { value(name).flatMap(GoBoolean.parse) }
        useRegex = flag("use-regex") ?? false
        rewriteTarget = value("rewrite-target")
        if let root = value("app-root"), root.hasPrefix("/") { appRoot = root }
        if let url = value("permanent-redirect") {
            // redirect.go: a code outside 300–308 falls back to 301.
            let code = value("permanent-redirect-code").flatMap { Int($0) }.flatMap { (300...308).contains($0) ? $0 : nil } ?? 301
            permanentRedirect = Redirect(url: url, code: code)
        }
        if let url = value("temporal-redirect"), url.hasPrefix("http") {
            // A temporal redirect wins over a permanent one; its code falls back to 302 outside 300–307.
            let code = value("temporal-redirect-code").flatMap { Int($0) }.flatMap { (300...307).contains($0) ? $0 : nil } ?? 302
            temporalRedirect = Redirect(url: url, code: code)
        }
        sslRedirect = flag("ssl-redirect") ?? true
        forceSSLRedirect = flag("force-ssl-redirect") ?? false
        preserveTrailingSlash = flag("preserve-trailing-slash") ?? false
        relativeRedirects = flag("relative-redirects") ?? false
        fromToWWWRedirect = flag("from-to-www-redirect") ?? false
        serverAliases = (value("server-alias") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        defaultBackendService = value("default-backend")
        if flag("canary") == true { canary = NginxCanaryPolicy(value: value) }
    }
}

/// How an ingress-nginx canary takes traffic (annotations/canary, balancer.lua
/// `route_to_alternative_balancer`).
struct NginxCanaryPolicy: Sendable {
    var header: String?
    var headerValue: String?
    var headerPattern: NginxRegex?
    var cookie: String?
    var weight = 0
    var weightTotal = 100

    init(value: (String) -> String?) {
        header = value("canary-by-header")
        headerValue = value("canary-by-header-value")
        headerPattern = value("canary-by-header-pattern").map { NginxRegex.compiled($0, ignoringCase: false) }
        cookie = value("canary-by-cookie")
        weight = value("canary-weight").flatMap { Int($0) } ?? 0
        // balancer.lua: a total under 100 is ignored.
        weightTotal = max(100, value("canary-weight-total").flatMap { Int($0) } ?? 100)
    }

    enum Choice: Sendable {
        case canary(String)
        case main(String)
        case weighted
    }

    /// The choice the request's headers and cookies make, in balancer.lua's order; `.weighted`
    /// when they make none and the weight decides.
    func choose<Headers: RequestHeaderLookup>(_ headers: Headers) -> Choice {
        // nginx's $http_NAME: the name without regard to case, `-` and `_` alike.
        if let header, let sent = headers.first(String(header.lowercased().map { $0 == "_" ? "-" : $0 })) {
            if let headerValue {
                if sent == headerValue { return .canary("\(header): \(sent)") }
            } else if let headerPattern {
                // A pattern PCRE refuses sends every request to the main backend (balancer.lua).
                guard headerPattern.compiles else { return .main("canary-by-header-pattern does not compile") }
                if headerPattern.matches(Substring(sent)) { return .canary("\(header) matches \(headerPattern.pattern)") }
            } else if sent == "always" {
                return .canary("\(header): always")
            } else if sent == "never" {
                return .main("\(header): never")
            }
        }
        if let cookie, let sent = headers.cookie(cookie) {
            if sent == "always" { return .canary("cookie \(cookie)=always") }
            if sent == "never" { return .main("cookie \(cookie)=never") }
        }
        return .weighted
    }
}
