import IngressModel

/// What one Ingress controller does with an Ingress, as its own documentation says: the
/// annotations it reads, how its Ingresses share a route table, what ImplementationSpecific paths
/// mean, how it splits traffic. Rules, routing and the faces ask the profile that serves an
/// Ingress instead of assuming the specification plus ingress-nginx's habits.
///
/// A class: it is immutable, and rules ask for the profile of every Ingress they check, so a copy
/// is one reference rather than two dozen fields.
public final class ControllerProfile: Sendable, Hashable, CustomStringConvertible {
    public let id: String
    public let displayName: String
    /// Where its behaviour is documented (cited by `explain` and `rules profiles`).
    public let documentation: String

    // Identification.
    /// IngressClass `spec.controller` values that identify it.
    public let controllers: [String]
    /// Controller values beginning with one of these also do (ingress-nginx deployments that run
    /// several instances name them `k8s.io/ingress-nginx-internal` and the like).
    public let controllerPrefixes: [String]
    /// Class names it claims by default, for Ingresses whose class has no IngressClass object in
    /// the inputs. Compared exactly, as the controllers compare them (ingress-nginx's store,
    /// ingress-gce's `gce`, Traefik's provider): an Ingress of class `NGINX` is served by none.
    public let defaultClassNames: [String]
    /// The name its IngressClass object usually has, when a class name it claims is no valid
    /// object name (AGIC's `azure/application-gateway`).
    public let ingressClassObjectName: String?
    /// Annotation keys starting with one of these belong to it.
    public let annotationPrefixes: [String]
    /// Keys outside those prefixes that only it reads.
    public let annotationNames: [String]

    // Behaviour.
    public let routeSharing: RouteSharing
    public let implementationSpecific: ImplementationSpecificMeaning
    /// Prefix paths match whole path elements (`/foo` matches `/foo/bar`, not `/foobar`), as the
    /// specification says; false where the controller compares characters (Istio, Traefik's
    /// PathPrefix, AGIC's appended `*`, nginx prefix locations of NGINX Inc, HAProxy maps).
    public let prefixMatchesByElement: Bool
    /// A `*` in a Prefix path is the controller's wildcard (AGIC appends one to every Prefix path).
    public let wildcardInPrefix: Bool
    /// A `*` or `?` in an Exact or Prefix path is refused: the load balancer is not built (ALB:
    /// "prefix path shouldn't contain wildcards").
    public let refusesWildcardInExactOrPrefix: Bool
    /// Regex characters in an Exact or Prefix path are refused at admission (ingress-nginx's
    /// strict-validate-path-type, on by default since v1.12).
    public let refusesRegexInExactOrPrefix: Bool
    /// `Exact /` is the listener's catch-all like `/*` (AGIC).
    public let exactRootIsCatchAll: Bool
    public let trafficSplit: TrafficSplit?
    /// NGINX Inc's mergeable Ingresses: a master holds the host (and TLS), minions the paths.
    public let mergeableIngresses: Bool
    /// False when the controller picks certificates without reading `tls[].hosts` (GKE presents
    /// every certificate by SNI; Traefik routes by the rule's host; HAProxy loads every secret).
    public let readsTLSHosts: Bool
    /// A TLS entry without hosts still serves the Ingress's rule hosts (ingress-nginx picks the
    /// certificate whose names cover the host; AGIC and Istio make it the default certificate).
    public let tlsEntryWithoutHostsServesRuleHosts: Bool
    /// A rule host missing from `tls[].hosts` still gets the certificate of any of the Ingress's
    /// TLS Secrets whose names cover it (ingress-nginx's extractTLSSecretName, second pass).
    public let picksCertificateByNames: Bool
    /// False when the controller ignores `spec.ingressClassName` and only reads the
    /// `kubernetes.io/ingress.class` annotation (GKE).
    public let readsIngressClassName: Bool
    /// An Exact path and a Prefix path ending in `/` of the same text are two locations the
    /// controller keeps apart, the exact one winning: neither shadows the other.
    public let keepsExactBesideSlashPrefix: Bool
    /// Rules written for ingress-nginx's annotations and regex handling apply.
    public let readsIngressNginxAnnotations: Bool
    /// How the route table routes the class's requests: by the specification, or as ingress-nginx's
    /// generated nginx configuration does.
    public let routing: RoutingSemantics

    init(
        id: String, displayName: String, documentation: String, controllers: [String] = [],
        controllerPrefixes: [String] = [], defaultClassNames: [String] = [], ingressClassObjectName: String? = nil,
        annotationPrefixes: [String] = [], annotationNames: [String] = [], routeSharing: RouteSharing = .wholeClass,
        implementationSpecific: ImplementationSpecificMeaning = .prefix, prefixMatchesByElement: Bool = true,
        wildcardInPrefix: Bool = false, refusesWildcardInExactOrPrefix: Bool = false,
        refusesRegexInExactOrPrefix: Bool = false, exactRootIsCatchAll: Bool = false,
        trafficSplit: TrafficSplit? = nil, mergeableIngresses: Bool = false, readsTLSHosts: Bool = true,
        tlsEntryWithoutHostsServesRuleHosts: Bool = false, picksCertificateByNames: Bool = false, readsIngressClassName: Bool = true,
        keepsExactBesideSlashPrefix: Bool = true, readsIngressNginxAnnotations: Bool = false,
        routing: RoutingSemantics = .specification
    ) {
        self.id = id
        self.displayName = displayName
        self.documentation = documentation
        self.controllers = controllers
        self.controllerPrefixes = controllerPrefixes
        self.defaultClassNames = defaultClassNames
        self.ingressClassObjectName = ingressClassObjectName
        self.annotationPrefixes = annotationPrefixes
        self.annotationNames = annotationNames
        self.routeSharing = routeSharing
        self.implementationSpecific = implementationSpecific
        self.prefixMatchesByElement = prefixMatchesByElement
        self.wildcardInPrefix = wildcardInPrefix
        self.refusesWildcardInExactOrPrefix = refusesWildcardInExactOrPrefix
        self.refusesRegexInExactOrPrefix = refusesRegexInExactOrPrefix
        self.exactRootIsCatchAll = exactRootIsCatchAll
        self.trafficSplit = trafficSplit
        self.mergeableIngresses = mergeableIngresses
        self.readsTLSHosts = readsTLSHosts
        self.tlsEntryWithoutHostsServesRuleHosts = tlsEntryWithoutHostsServesRuleHosts
        self.picksCertificateByNames = picksCertificateByNames
        self.readsIngressClassName = readsIngressClassName
        self.keepsExactBesideSlashPrefix = keepsExactBesideSlashPrefix
        self.readsIngressNginxAnnotations = readsIngressNginxAnnotations
        self.routing = routing
    }

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
        defaultClassNames.contains(className)
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

    /// How an ImplementationSpecific path is matched, when the route table can say: the
    /// specification's Prefix; Exact for a glob without a wildcard; everything below `/x` for a
    /// glob ending in `/*` (`/*` is every path). Nil for other globs (`/a*b`), which are matched
    /// as Prefix of the literal text, as the specification would.
    public func reading(_ path: String) -> (MatchType, matchPath: String)? {
        guard hasWildcards else { return (.prefix, path) }
        // One pass over the bytes, no copy: it runs for every path the route table compiles.
        let questionMarks = self == .glob
        let utf8 = path.utf8
        let count = utf8.reduce(0) { $1 == UInt8(ascii: "*") || (questionMarks && $1 == UInt8(ascii: "?")) ? $0 + 1 : $0 }
        if count == 0 { return (.exact, path) }
        if count == 1, utf8.count >= 2, utf8.last == UInt8(ascii: "*"), utf8.dropLast().last == UInt8(ascii: "/") {
            return (.prefix, String(decoding: utf8.dropLast(2), as: UTF8.self))
        }
        return nil
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
