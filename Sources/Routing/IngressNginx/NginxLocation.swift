import IngressModel
import Inventory

/// One nginx `location` that ingress-nginx writes into a server block for an Ingress path (or the
/// server's own root location, which serves the default backend).
public final class NginxLocation: Sendable {
    public enum Match: String, Sendable {
        /// `location = PATH`
        case exact = "="
        /// `location PATH`: a plain string prefix (nginx compares characters, not path elements).
        case prefix = "^"
        /// `location ~* "^PATH"`: case-insensitive, anchored at the start only.
        case regex = "~*"
    }

    public let match: Match
    /// The location's path as nginx reads it: `/foo/` for `Prefix /foo`, which also gets an
    /// `= /foo` of its own.
    public let path: String
    /// The Ingress path behind it; nil for the root location ingress-nginx adds to every server.
    public let route: Route?
    /// For the root location: the spec.defaultBackend of the Ingress that created the server
    /// (nil: the controller's own default backend answers 404).
    public let defaultBackend: DefaultBackendEntry?
    /// The `default-backend` annotation's Service: it answers when the route's Service has no endpoints.
    public let fallback: ForwardTarget?
    let settings: NginxIngressSettings?
    /// The Ingress whose annotations the location carries: the path's, or for the root
    /// placeholder the Ingress that created the server.
    public let owner: ObjectRef?
    /// In a regex server: `^PATH`, case-insensitive.
    let regex: NginxRegex?
    /// With rewrite-target: `(?i)PATH`, unanchored, over the URI.
    let rewrite: NginxRegex?

    /// Whether this location's regex (in a regex server) matches the path; false for other kinds.
    public func regexMatches(_ path: Substring) -> Bool { regex?.matches(path) == true }

    init(
        match: Match, path: String, route: Route?, defaultBackend: DefaultBackendEntry?, fallback: ForwardTarget?, settings: NginxIngressSettings?,
        owner: ObjectRef?, regexMode: Bool
    ) {
        self.owner = owner
        self.match = regexMode ? .regex : match
        self.path = path
        self.route = route
        self.defaultBackend = defaultBackend
        self.fallback = fallback
        self.settings = settings
        regex = regexMode ? NginxRegex.compiled("^" + path, ignoringCase: true) : nil
        rewrite = Self.needsRewrite(path: path, settings: settings) ? NginxRegex.compiled("(?i)" + path, ignoringCase: false) : nil
    }

    /// `needsRewrite`: a rewrite-target other than the location's own path.
    static func needsRewrite(path: String, settings: NginxIngressSettings?) -> Bool {
        guard let target = settings?.rewriteTarget else { return false }
        return target != path
    }

    /// What turns the whole server into regex locations (`enforceRegexModifier`).
    var forcesRegex: Bool { (settings?.useRegex ?? false) || Self.needsRewrite(path: path, settings: settings) }

    /// `location = /foo`, `location /foo/`, `location ~* "^/foo"`.
    public var directive: String {
        switch match {
        case .exact: return "location = \(path)"
        case .prefix: return "location \(path)"
        case .regex: return "location ~* \"^\(path)\""
        }
    }

    /// The Ingress whose path or default backend this location serves.
    public var ingress: ObjectRef? { route?.origin.ingress ?? defaultBackend?.origin.ingress }

    /// Its path, as a regex, may backtrack exponentially (`NginxRegex.mayBacktrackExponentially`).
    public var mayBacktrackExponentially: Bool { NginxRegex.mayBacktrackExponentially(path) }

    /// The rewrite-target it applies, when it rewrites.
    public var rewriteTarget: String? { rewrite == nil ? nil : settings?.rewriteTarget }
}

/// A canary Ingress's backend merged as the alternative of a main backend (`mergeAlternativeBackends`):
/// it applies wherever that Service port is routed, on any host.
public struct NginxCanary: Sendable {
    public var route: Route
    public var ingress: ObjectRef { route.origin.ingress }
    let policy: NginxCanaryPolicy
    let settings: NginxIngressSettings

    public var weight: Int { policy.weight }
    public var weightTotal: Int { policy.weightTotal }
    public var header: String? { policy.header }
    public var headerValue: String? { policy.headerValue }
    public var headerPattern: String? { policy.headerPattern?.pattern }
    public var cookie: String? { policy.cookie }
}
