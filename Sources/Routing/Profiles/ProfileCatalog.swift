/// The controllers ingress-guard knows, each described from its own documentation and source (the
/// file each fact comes from is named beside it).
extension ControllerProfile {
    /// The Ingress specification alone: what every conformant controller must do. Judges an
    /// Ingress when nothing tells which controller serves it.
    public static let specification = ControllerProfile(
        id: "spec", displayName: "the Ingress specification",
        documentation: "https://kubernetes.io/docs/concepts/services-networking/ingress/",
        keepsExactBesideSlashPrefix: false)

    // kubernetes/ingress-nginx: internal/ingress/controller/{controller,location}.go,
    // internal/ingress/inspector/rules.go (strict-validate-path-type), store.go (class selection).
    public static let ingressNginx = ControllerProfile(
        id: "ingress-nginx", displayName: "ingress-nginx (kubernetes/ingress-nginx)",
        documentation: "https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/",
        controllers: ["k8s.io/ingress-nginx"], controllerPrefixes: ["k8s.io/ingress-nginx-"], defaultClassNames: ["nginx"],
        annotationPrefixes: ["nginx.ingress.kubernetes.io/"],
        implementationSpecific: .prefixOrRegex, refusesRegexInExactOrPrefix: true, trafficSplit: .ingressNginxCanary,
        // extractTLSSecretName: without a listed host, the Secret whose certificate covers it.
        tlsEntryWithoutHostsServesRuleHosts: true, picksCertificateByNames: true, readsIngressNginxAnnotations: true,
        routing: .ingressNginx)

    // nginx/kubernetes-ingress: internal/configs (mergeable types, path-regex), docs "Ingress resources".
    public static let nginxInc = ControllerProfile(
        id: "nginx-inc", displayName: "F5 NGINX Ingress Controller (nginx/kubernetes-ingress)",
        documentation: "https://docs.nginx.com/nginx-ingress-controller/configuration/ingress-resources/advanced-configuration-with-annotations/",
        controllers: ["nginx.org/ingress-controller"], defaultClassNames: ["nginx"],
        annotationPrefixes: ["nginx.org/", "nginx.com/", "appprotect.f5.com/", "appprotectdos.f5.com/"],
        prefixMatchesByElement: false, mergeableIngresses: true)

    // kubernetes-sigs/aws-load-balancer-controller: pkg/ingress/model_build_listener_rules.go
    // ("prefix path shouldn't contain wildcards"), enhanced_backend_builder.go (use-annotation).
    public static let awsALB = ControllerProfile(
        id: "aws-alb", displayName: "AWS Load Balancer Controller",
        documentation: "https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/",
        controllers: ["ingress.k8s.aws/alb"], defaultClassNames: ["alb"],
        annotationPrefixes: ["alb.ingress.kubernetes.io/"],
        routeSharing: .groupAnnotation("alb.ingress.kubernetes.io/group.name"), implementationSpecific: .glob,
        refusesWildcardInExactOrPrefix: true, trafficSplit: .albActions)

    // GKE Ingress reads only the class annotation (or none) and ignores IngressClass objects and
    // ingressClassName; every certificate of spec.tls is presented and SNI picks (GKE docs).
    public static let gce = ControllerProfile(
        id: "gce", displayName: "GKE Ingress (ingress-gce)",
        documentation: "https://cloud.google.com/kubernetes-engine/docs/concepts/ingress",
        defaultClassNames: ["gce", "gce-internal", "gce-regional-external", "gce-regional", "gce-multi-cluster"],
        annotationPrefixes: ["ingress.gcp.kubernetes.io/", "networking.gke.io/", "cloud.google.com/"],
        annotationNames: [
            "kubernetes.io/ingress.global-static-ip-name", "kubernetes.io/ingress.regional-static-ip-name",
            "kubernetes.io/ingress.allow-http",
        ],
        routeSharing: .perIngress, implementationSpecific: .glob, readsTLSHosts: false, readsIngressClassName: false)

    // Azure/application-gateway-kubernetes-ingress: pkg/appgw/requestroutingrules.go
    // (preparePathFromPathType appends `*` to Prefix paths; isPathCatchAll: "", "/", "/*" of any
    // type), pkg/appgw/certificates.go (a TLS entry without hosts serves every rule host).
    public static let agic = ControllerProfile(
        id: "agic", displayName: "Azure Application Gateway Ingress Controller",
        documentation: "https://azure.github.io/application-gateway-kubernetes-ingress/annotations/",
        controllers: ["azure/application-gateway"], defaultClassNames: ["azure/application-gateway", "azure-application-gateway"],
        ingressClassObjectName: "azure-application-gateway",
        annotationPrefixes: ["appgw.ingress.kubernetes.io/"],
        implementationSpecific: .glob, prefixMatchesByElement: false, wildcardInPrefix: true, exactRootIsCatchAll: true,
        tlsEntryWithoutHostsServesRuleHosts: true)

    // traefik/traefik: pkg/provider/kubernetes/ingress (PathPrefix rules, tls hosts unused).
    public static let traefik = ControllerProfile(
        id: "traefik", displayName: "Traefik",
        documentation: "https://doc.traefik.io/traefik/routing/providers/kubernetes-ingress/",
        controllers: ["traefik.io/ingress-controller"], defaultClassNames: ["traefik"],
        annotationPrefixes: ["traefik.ingress.kubernetes.io/", "traefik.frontend.", "traefik.backend."],
        prefixMatchesByElement: false, readsTLSHosts: false)

    // haproxytech/kubernetes-ingress: pkg/ingress/ingress.go (every tls secret loaded, SNI by certificate).
    public static let haproxy = ControllerProfile(
        id: "haproxy", displayName: "HAProxy Kubernetes Ingress Controller (haproxytech)",
        documentation: "https://www.haproxy.com/documentation/kubernetes-ingress/community/configuration-reference/ingress/",
        controllers: ["haproxy.org/ingress-controller"], controllerPrefixes: ["haproxy.org/ingress-controller/"],
        defaultClassNames: ["haproxy"],
        annotationPrefixes: ["haproxy.org/", "haproxy.com/"],
        prefixMatchesByElement: false, readsTLSHosts: false)

    // jcmoraisjr/haproxy-ingress. Its older `ingress.kubernetes.io/` prefix is left out: Traefik 1
    // and early ingress-nginx used it too, so it tells nothing about the controller.
    public static let haproxyIngress = ControllerProfile(
        id: "haproxy-ingress", displayName: "HAProxy Ingress (jcmoraisjr/haproxy-ingress)",
        documentation: "https://haproxy-ingress.github.io/docs/configuration/keys/",
        controllers: ["haproxy-ingress.github.io/controller"], controllerPrefixes: ["haproxy-ingress.github.io/controller/"],
        defaultClassNames: ["haproxy"],
        annotationPrefixes: ["haproxy-ingress.github.io/"],
        prefixMatchesByElement: false)

    public static let kong = ControllerProfile(
        id: "kong", displayName: "Kong Ingress Controller",
        documentation: "https://docs.konghq.com/kubernetes-ingress-controller/latest/reference/annotations/",
        controllers: ["ingress-controllers.konghq.com/kong"], defaultClassNames: ["kong"],
        annotationPrefixes: ["konghq.com/", "configuration.konghq.com/"])

    public static let contour = ControllerProfile(
        id: "contour", displayName: "Contour",
        documentation: "https://projectcontour.io/docs/main/config/annotations/",
        controllers: ["projectcontour.io/ingress-controller"], controllerPrefixes: ["projectcontour.io/"], defaultClassNames: ["contour"],
        annotationPrefixes: ["projectcontour.io/", "contour.heptio.com/"])

    // istio/istio: pilot/pkg/config/kube/ingress (ImplementationSpecific exact unless `/*` or
    // `.*`; Prefix a string prefix; a TLS entry without hosts serves `*`).
    public static let istio = ControllerProfile(
        id: "istio", displayName: "Istio ingress gateway",
        documentation: "https://istio.io/latest/docs/tasks/traffic-management/ingress/kubernetes-ingress/",
        controllers: ["istio.io/ingress-controller"], defaultClassNames: ["istio"],
        implementationSpecific: .exactOrTrailingWildcard, prefixMatchesByElement: false, tlsEntryWithoutHostsServesRuleHosts: true)

    public static let skipper = ControllerProfile(
        id: "skipper", displayName: "Skipper (zalando/skipper)",
        documentation: "https://opensource.zalando.com/skipper/kubernetes/ingress-usage/",
        defaultClassNames: ["skipper"],
        annotationPrefixes: ["zalando.org/"],
        prefixMatchesByElement: false, trafficSplit: .skipperBackendWeights)

    /// Every profile, the specification first.
    public static let all: [ControllerProfile] = [
        .specification, .ingressNginx, .nginxInc, .awsALB, .gce, .agic, .traefik, .haproxy, .haproxyIngress, .kong, .contour,
        .istio, .skipper,
    ]

    public static func named(_ id: String) -> ControllerProfile? { all.first { $0.id == id } }

    /// The controller whose annotation this is, if any.
    public static func owning(annotation key: String) -> ControllerProfile? {
        // Every admission asks this for every annotation: look the part up to the first `/` up
        // instead of trying each prefix of each profile.
        // Looked up by the slice itself: a prefix past 15 bytes made into a String is an allocation.
        if let slash = key.firstIndex(of: "/"), let owner = ownerBySlashPrefix[key[...slash]] { return owner }
        if let owner = ownerByName[key] { return owner }
        return otherPrefixOwners.first { $0.owns(annotation: key) }
    }

    private static let ownerBySlashPrefix: [Substring: ControllerProfile] = {
        var owners: [Substring: ControllerProfile] = [:]
        for profile in all {
            for prefix in profile.annotationPrefixes where prefix.last == "/" && prefix.firstIndex(of: "/") == prefix.index(before: prefix.endIndex) {
                if owners[Substring(prefix)] == nil { owners[Substring(prefix)] = profile }
            }
        }
        return owners
    }()

    private static let ownerByName: [String: ControllerProfile] = {
        var owners: [String: ControllerProfile] = [:]
        for profile in all { for name in profile.annotationNames where owners[name] == nil { owners[name] = profile } }
        return owners
    }()

    /// Profiles with a prefix that does not end at the key's first `/` (Traefik 1's `traefik.frontend.`).
    private static let otherPrefixOwners: [ControllerProfile] = all.filter { profile in
        profile.annotationPrefixes.contains { !($0.last == "/" && $0.firstIndex(of: "/") == $0.index(before: $0.endIndex)) }
    }

    public static func identified(byController controller: String) -> ControllerProfile? {
        all.first { $0.identifies(controller: controller) }
    }
}
