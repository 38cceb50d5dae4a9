import IngressModel

/// What one Ingress controller does with an Ingress, as its own documentation says: the
/// annotations it reads, how its Ingresses share a route table, what ImplementationSpecific paths
/// mean, how it splits traffic. Rules, routing and the faces ask the profile that serves an
/// Ingress instead of assuming the specification plus ingress-nginx's habits.
public struct ControllerProfile: Sendable, Hashable, CustomStringConvertible {
    public internal(set) var id: String
    public internal(set) var displayName: String
    /// Where its behaviour is documented (cited by `explain` and `rules profiles`).
    public internal(set) var documentation: String

    // Identification.
    /// IngressClass `spec.controller` values that identify it.
    public internal(set) var controllers: [String] = []
    /// Controller values beginning with one of these also do (ingress-nginx deployments that run
    /// several instances name them `k8s.io/ingress-nginx-internal` and the like).
    public internal(set) var controllerPrefixes: [String] = []
    /// Class names it claims by default, for Ingresses whose class has no IngressClass object in
    /// the inputs (compared without regard to case: annotation values are free text).
    public internal(set) var defaultClassNames: [String] = []
    /// The name its IngressClass object usually has, when a class name it claims is no valid
    /// object name (AGIC's `azure/application-gateway`).
    public internal(set) var ingressClassObjectName: String?
    /// Annotation keys starting with one of these belong to it.
    public internal(set) var annotationPrefixes: [String] = []
    /// Keys outside those prefixes that only it reads.
    public internal(set) var annotationNames: [String] = []

    // Behaviour.
    public internal(set) var routeSharing: RouteSharing = .wholeClass
    public internal(set) var implementationSpecific: ImplementationSpecificMeaning = .prefix
    /// Prefix paths match whole path elements (`/foo` matches `/foo/bar`, not `/foobar`), as the
    /// specification says; false where the controller compares characters (Istio, Traefik's
    /// PathPrefix, AGIC's appended `*`, nginx prefix locations of NGINX Inc, HAProxy maps).
    public internal(set) var prefixMatchesByElement = true
    /// A `*` in a Prefix path is the controller's wildcard (AGIC appends one to every Prefix path).
    public internal(set) var wildcardInPrefix = false
    /// A `*` or `?` in an Exact or Prefix path is refused: the load balancer is not built (ALB:
    /// "prefix path shouldn't contain wildcards").
    public internal(set) var refusesWildcardInExactOrPrefix = false
    /// Regex characters in an Exact or Prefix path are refused at admission (ingress-nginx's
    /// strict-validate-path-type, on by default since v1.12).
    public internal(set) var refusesRegexInExactOrPrefix = false
    /// `Exact /` is the listener's catch-all like `/*` (AGIC).
    public internal(set) var exactRootIsCatchAll = false
    public internal(set) var trafficSplit: TrafficSplit?
    /// NGINX Inc's mergeable Ingresses: a master holds the host (and TLS), minions the paths.
    public internal(set) var mergeableIngresses = false
    /// False when the controller picks certificates without reading `tls[].hosts` (GKE presents
    /// every certificate by SNI; Traefik routes by the rule's host; HAProxy loads every secret).
    public internal(set) var readsTLSHosts = true
    /// A TLS entry without hosts still serves the Ingress's rule hosts (ingress-nginx picks the
    /// certificate whose names cover the host; AGIC and Istio make it the default certificate).
    public internal(set) var tlsEntryWithoutHostsServesRuleHosts = false
    /// False when the controller ignores `spec.ingressClassName` and only reads the
    /// `kubernetes.io/ingress.class` annotation (GKE).
    public internal(set) var readsIngressClassName = true
    /// An Exact path and a Prefix path ending in `/` of the same text are two locations the
    /// controller keeps apart, the exact one winning: neither shadows the other.
    public internal(set) var keepsExactBesideSlashPrefix = true
    /// Rules written for ingress-nginx's annotations and regex handling apply.
    public internal(set) var readsIngressNginxAnnotations = false
    /// How the route table routes the class's requests: by the specification, or as ingress-nginx's
    /// generated nginx configuration does.
    public internal(set) var routing: RoutingSemantics = .specification

    public var description: String { id }

    public enum RoutingSemantics: String, Sendable {
        case specification
        case ingressNginx = "ingress-nginx"
    }

    public static func == (lhs: ControllerProfile, rhs: ControllerProfile) -> Bool { lhs.id == rhs.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }

    /// True when the annotation key is one of this controller's.
    public func owns(annotation key: String) -> Bool {
        annotationNames.contains(key) || annotationPrefixes.contains { key.hasPrefix($0) }
    }

    public func identifies(controller: String) -> Bool {
        controllers.contains(controller) || controllerPrefixes.contains { controller.hasPrefix($0) }
    }

    /// True when the class name is one this controller claims by default.
    public func claims(className: String) -> Bool {
        defaultClassNames.contains { $0.lowercased() == className.lowercased() }
    }
}

/// Which Ingresses end up in one route table (one nginx.conf, one load balancer).
public enum RouteSharing: Sendable, Hashable {
    /// Every Ingress of the class, merged per host (ingress-nginx, Traefik, ...).
    case wholeClass
    /// Ingresses naming the same group in this annotation share one; the others get one each
    /// (ALB IngressGroups).
    case groupAnnotation(String)
    /// One load balancer per Ingress (GKE).
    case perIngress

    /// The key of the route table an Ingress's routes land in, within its class.
    public func key(of ingress: Ingress) -> String {
        switch self {
        case .wholeClass:
            return ""
        case .groupAnnotation(let annotation):
            if let group = ingress.metadata.annotations[annotation]?.value, !group.isEmpty { return "group:" + group }
            return "ingress:" + ingress.ref.qualifiedName
        case .perIngress:
            return "ingress:" + ingress.ref.qualifiedName
        }
    }

    public var summary: String {
        switch self {
        case .wholeClass: return "every Ingress of the class in one route table, merged per host"
        case .groupAnnotation(let annotation): return "one load balancer per \(annotation), else one per Ingress"
        case .perIngress: return "one load balancer per Ingress"
        }
    }
}

/// What a path of type ImplementationSpecific means to the controller.
public enum ImplementationSpecificMeaning: Sendable, Hashable {
    /// Matched as Prefix.
    case prefix
    /// Matched as Prefix, or as a regular expression when an annotation turns regexes on
    /// (ingress-nginx's use-regex and rewrite-target).
    case prefixOrRegex
    /// A glob: `*` (and `?` for ALB) are wildcards; a trailing `/*` matches everything below;
    /// without a wildcard the path matches exactly (ALB, GKE, AGIC).
    case glob
    /// Exact unless it ends in `/*`, which makes it a prefix (Istio).
    case exactOrTrailingWildcard

    public var summary: String {
        switch self {
        case .prefix: return "as Prefix"
        case .prefixOrRegex: return "as Prefix, or a regular expression with use-regex or rewrite-target"
        case .glob: return "a glob: `*` is a wildcard, `/x/*` covers what is below /x/, no wildcard is an exact match"
        case .exactOrTrailingWildcard: return "exact, or a prefix when it ends in /*"
        }
    }

    /// True when `*` in an ImplementationSpecific path is a wildcard, not a literal character.
    public var hasWildcards: Bool {
        switch self {
        case .glob, .exactOrTrailingWildcard: return true
        case .prefix, .prefixOrRegex: return false
        }
    }
}

/// How a controller sends part of one route's traffic elsewhere on purpose.
public enum TrafficSplit: Sendable, Hashable {
    /// ingress-nginx canaries: a second Ingress with `canary: "true"` on the same host and path.
    case ingressNginxCanary
    /// ALB actions: a backend with `port.name: use-annotation` forwards as `actions.NAME` says.
    case albActions
    /// Skipper's `zalando.org/backend-weights`: several backends of one path share the traffic.
    case skipperBackendWeights

    public var summary: String {
        switch self {
        case .ingressNginxCanary: return "canary Ingresses (nginx.ingress.kubernetes.io/canary)"
        case .albActions: return "forward actions (alb.ingress.kubernetes.io/actions.NAME with port name use-annotation)"
        case .skipperBackendWeights: return "backend weights (zalando.org/backend-weights)"
        }
    }
}
