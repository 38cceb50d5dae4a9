import IngressModel
import Inventory

/// Where one request goes: a backend (with the path it receives), a split between a main backend
/// and a canary, a redirect, or an answer the controller gives itself. Computed by the route table
/// for every face alike: `verify` in-process, the proxy and `verify --serve`, `explain`, `diff`.
public struct RoutingDecision: Sendable {
    public enum Action: Sendable {
        case forward(ForwardTarget)
        /// ingress-nginx's weighted canary: `weight` of `total` requests go to `canary`.
        case split(main: ForwardTarget, canary: ForwardTarget, weight: Int, total: Int)
        case redirect(status: Int, location: String)
        /// 404 from the controller's default backend, 503 for a backend without endpoints.
        case answer(status: Int)
    }

    /// Why: made into text only when asked for, so that the proxy's common path formats nothing.
    public enum Why: Sendable {
        case text(String)
        /// The specification's winning route.
        case route(Route)
        case defaultBackend
        /// An ingress-nginx location of a server.
        case location(NginxLocation, server: String)
    }

    public var action: Action
    public var className: String?
    public var why: Why
    /// The Ingress whose route or annotation decided; nil for the controller's own 404.
    public var ingress: ObjectRef?

    public init(action: Action, className: String?, reason: String, ingress: ObjectRef?) {
        self.init(action: action, className: className, why: .text(reason), ingress: ingress)
    }

    public init(action: Action, className: String?, why: Why, ingress: ObjectRef?) {
        self.action = action
        self.className = className
        self.why = why
        self.ingress = ingress
    }

    /// Why, in a few words: `ssl-redirect of Ingress default/a`, `canary-by-header X-Canary: always`.
    public var reason: String {
        switch why {
        case .text(let text): return text
        case .route(let route): return "\(route.field) (\(route.pathDescription))"
        case .defaultBackend: return "the default backend"
        case .location(let location, let server): return "\(location.directive) of server \(server)"
        }
    }

    public var status: Int? {
        switch action {
        case .redirect(let status, _), .answer(let status): return status
        case .forward, .split: return nil
        }
    }

    /// The backend every request of this kind reaches (the main one of a split); nil without one.
    public var target: ForwardTarget? {
        switch action {
        case .forward(let target): return target
        case .split(let main, _, _, _): return main
        case .redirect, .answer: return nil
        }
    }

    /// Percent of requests per backend: 100 for a forward, the canary's share and the rest for a split.
    public var shares: [(BackendTarget, Double)] {
        switch action {
        case .forward(let target): return [(target.backend, 100)]
        case .split(let main, let canary, let weight, let total):
            let canaryShare = total > 0 ? 100 * Double(min(max(weight, 0), total)) / Double(total) : 0
            if main.backend == canary.backend { return [(main.backend, 100)] }
            return [(main.backend, 100 - canaryShare), (canary.backend, canaryShare)]
        case .redirect, .answer: return []
        }
    }
}

/// A backend a request is sent to, and how.
public struct ForwardTarget: Sendable {
    public var backend: BackendTarget
    /// The key the proxy's endpoints are stored under (`Route.backendKey`).
    public var backendKey: ServicePortReference?
    /// Path and query the backend receives (rewritten, or as the client sent them).
    public var upstreamTarget: String
    /// The route that chose the backend; nil for a default backend.
    public var route: Route?
    /// The default backend that served, when no route did.
    public var defaultBackend: DefaultBackendEntry?

    public init(backend: BackendTarget, backendKey: ServicePortReference?, upstreamTarget: String, route: Route?, defaultBackend: DefaultBackendEntry?) {
        self.backend = backend
        self.backendKey = backendKey
        self.upstreamTarget = upstreamTarget
        self.route = route
        self.defaultBackend = defaultBackend
    }

    public var ingress: ObjectRef? { route?.origin.ingress ?? defaultBackend?.origin.ingress }
}
