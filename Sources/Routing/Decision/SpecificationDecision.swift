import IngressModel
import Inventory

extension ClassRouteTable {
    /// Where a request goes in this class: by ingress-nginx's semantics when the class is served by
    /// it (`nginx`), else by the specification's. `available` tells whether a Service port has
    /// endpoints (nil key: a resource backend); a backend without any answers 503.
    public func decide<Headers: RequestHeaderLookup>(
        _ request: RoutingRequest<Headers>, available: (ServicePortReference?) -> Bool = { _ in true }
    ) -> RoutingDecision {
        if let nginx { return nginx.decide(request, className: assignedClass, available: available) }
        let resolution = resolve(host: request.host, path: request.target)
        let target: ForwardTarget
        let why: RoutingDecision.Why
        switch resolution.outcome {
        case .route(let route):
            target = ForwardTarget(backend: route.backend, backendKey: route.backendKey, upstreamTarget: request.target, route: route, defaultBackend: nil)
            why = .route(route)
        case .defaultBackend(let entry):
            target = ForwardTarget(backend: entry.backend, backendKey: entry.backendKey, upstreamTarget: request.target, route: nil, defaultBackend: entry)
            why = .defaultBackend
        case .notFound:
            return RoutingDecision(action: .answer(status: 404), className: assignedClass, reason: "no rule and no default backend", ingress: nil)
        }
        guard available(target.backendKey) else {
            return RoutingDecision(action: .answer(status: 503), className: assignedClass, reason: "Service \(target.backend) has no endpoints", ingress: target.ingress)
        }
        return RoutingDecision(action: .forward(target), className: assignedClass, why: why, ingress: target.ingress)
    }
}
