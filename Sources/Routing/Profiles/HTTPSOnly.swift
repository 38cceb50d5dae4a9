import IngressModel

/// Whether one host of an Ingress is served over TLS and kept off plain HTTP (refused or
/// redirected), as the controller that serves it decides from the Ingress alone. Controller-wide
/// settings (ConfigMaps, flags, static configuration) are not visible: each controller's default
/// is assumed. Sources per controller: the comments beside each case.
public enum HTTPSOnly {
    public enum Verdict: Sendable, Equatable {
        case holds
        /// What fails, and how this controller is told otherwise.
        case fails(reason: String, hint: String)
    }

    /// `sharedTLS`: another Ingress of the same class gives the host a certificate. ingress-nginx
    /// and HAProxy Ingress configure TLS per host (server), so its redirect then covers this
    /// Ingress's paths too.
    public static func verdict(host: String, of ingress: Ingress, under profile: ControllerProfile, sharedTLS: Bool = false) -> Verdict {
        let annotations = ingress.metadata.annotations
        func value(_ key: String) -> String? { annotations[key]?.value.lowercased() }
        // The Go controllers read booleans with strconv.ParseBool ("0", "f", "False" are false);
        // Contour compares the exact strings "true" and "false".
        let exactBooleans = profile.id == ControllerProfile.contour.id
        func isFalse(_ key: String) -> Bool {
            guard let text = annotations[key]?.value else { return false }
            return exactBooleans ? text == "false" : AnnotationCatalog.goBoolean(text) == false
        }
        func isTrue(_ key: String) -> Bool {
            guard let text = annotations[key]?.value else { return false }
            return exactBooleans ? text == "true" : AnnotationCatalog.goBoolean(text) == true
        }
        let pattern = HostPattern(ruleHost: host)
        // A TLS entry with a Secret that lists the host (exactly, or by a wildcard one label up).
        let listedHere = ingress.tls.contains { entry in
            entry.secretName.map { !$0.value.isEmpty } == true && entry.hosts.contains { HostPattern(ruleHost: $0.value).covers(pattern) }
        }
        let listedExactly = ingress.tls.contains { entry in
            entry.secretName.map { !$0.value.isEmpty } == true && entry.hosts.contains { $0.value.lowercased() == host.lowercased() }
        }
        let perServer = [ControllerProfile.ingressNginx.id, ControllerProfile.haproxyIngress.id].contains(profile.id)
        let listed = listedHere || (perServer && sharedTLS)
        let anySecret = ingress.tls.contains { $0.secretName.map { !$0.value.isEmpty } == true }
        let hostlessSecret = ingress.tls.contains { $0.hosts.isEmpty && $0.secretName.map { !$0.value.isEmpty } == true }
        let noTLS = Verdict.fails(
            reason: "no TLS entry with a secretName lists it",
            hint: "add it to spec.tls[].hosts of an entry with a secretName")

        switch profile.id {
        case ControllerProfile.ingressNginx.id:
            // lua_ingress.lua redirect_to_https; docs/user-guide/tls.md "Server-side HTTPS enforcement".
            guard listed || hostlessSecret else { return noTLS }
            if isFalse("nginx.ingress.kubernetes.io/ssl-redirect") && !isTrue("nginx.ingress.kubernetes.io/force-ssl-redirect") {
                return .fails(reason: "nginx.ingress.kubernetes.io/ssl-redirect is \"false\", so ingress-nginx serves it over plain HTTP",
                              hint: "remove the ssl-redirect annotation (ingress-nginx redirects to HTTPS by default when the host has TLS)")
            }
            return .holds
        case ControllerProfile.nginxInc.id:
            // internal/configs/ingress.go addSSLConfig (exact tls hosts only); annotations.go ssl-redirect.
            guard listedExactly else {
                return .fails(reason: "no TLS entry with a secretName lists it exactly (NGINX Inc reads tls hosts literally)",
                              hint: "list the host itself in spec.tls[].hosts of an entry with a secretName")
            }
            let modern = annotations["nginx.org/ssl-redirect"]
            if isFalse("nginx.org/ssl-redirect") || (modern == nil && isFalse("ingress.kubernetes.io/ssl-redirect")) {
                return .fails(reason: "ssl-redirect is \"false\", so NGINX Ingress Controller serves it over plain HTTP",
                              hint: "remove the ssl-redirect annotation (it redirects to HTTPS by default)")
            }
            return .holds
        case ControllerProfile.awsALB.id:
            // pkg/ingress/model_build_listener.go computeIngressListenPorts; ssl-redirect in model_builder.go.
            let ports = annotations["alb.ingress.kubernetes.io/listen-ports"]?.value
            let certificate = !(annotations["alb.ingress.kubernetes.io/certificate-arn"]?.value ?? "").isEmpty
                || isTrue("alb.ingress.kubernetes.io/create-acm-cert")
            let https = ports.map { $0.contains("\"HTTPS\"") } ?? certificate
            let http = ports.map { $0.contains("\"HTTP\"") } ?? !certificate
            guard https else {
                return .fails(reason: "the load balancer has no HTTPS listener (the ALB ignores spec.tls Secrets; it needs an ACM certificate)",
                              hint: "set alb.ingress.kubernetes.io/certificate-arn (or listen-ports with HTTPS for certificate discovery)")
            }
            if http && annotations["alb.ingress.kubernetes.io/ssl-redirect"] == nil {
                return .fails(reason: "listen-ports opens plain HTTP and nothing redirects it",
                              hint: "set alb.ingress.kubernetes.io/ssl-redirect: '443', or drop HTTP from listen-ports")
            }
            return .holds
        case ControllerProfile.gce.id:
            // pkg/annotations/ingress.go AllowHTTP (default true); pkg/loadbalancers/l7.go edgeHop.
            let certificate = anySecret || annotations["ingress.gcp.kubernetes.io/pre-shared-cert"] != nil
                || annotations["networking.gke.io/managed-certificates"] != nil
            guard certificate else {
                return .fails(reason: "the load balancer has no certificate (no spec.tls Secret, pre-shared-cert or managed-certificates)",
                              hint: "add a spec.tls entry with a secretName, or networking.gke.io/managed-certificates")
            }
            // A FrontendConfig's redirectToHttps is not visible here: its annotation is taken as the redirect.
            if !isFalse("kubernetes.io/ingress.allow-http") && annotations["networking.gke.io/v1beta1.FrontendConfig"] == nil {
                return .fails(reason: "GKE serves plain HTTP beside HTTPS unless kubernetes.io/ingress.allow-http is \"false\"",
                              hint: "set kubernetes.io/ingress.allow-http: \"false\", or redirect with a FrontendConfig (redirectToHttps)")
            }
            return .holds
        case ControllerProfile.agic.id:
            // pkg/appgw/ingress_rules.go: with a certificate only the HTTPS listener is made.
            guard listed || hostlessSecret || annotations["appgw.ingress.kubernetes.io/appgw-ssl-certificate"] != nil else { return noTLS }
            return .holds
        case ControllerProfile.traefik.id:
            // Traefik v2.2+: spec.tls only loads certificates; routers join every entrypoint.
            let tlsRouter = isTrue("traefik.ingress.kubernetes.io/router.tls") || annotations["traefik.ingress.kubernetes.io/router.tls.certresolver"] != nil
            let entrypoints = value("traefik.ingress.kubernetes.io/router.entrypoints").map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            // websecure is the TLS entrypoint of Traefik's Helm chart; other names are static configuration.
            guard tlsRouter || entrypoints == ["websecure"] else {
                return .fails(reason: "Traefik routes it on every entrypoint, plain HTTP included (spec.tls only loads certificates)",
                              hint: "set traefik.ingress.kubernetes.io/router.tls: \"true\" (or router.entrypoints: websecure)")
            }
            guard anySecret || annotations["traefik.ingress.kubernetes.io/router.tls.certresolver"] != nil else { return noTLS }
            return .holds
        case ControllerProfile.haproxy.id:
            // pkg/annotations/ingress/httpsRedirect.go: on when spec.tls has a host entry.
            guard listed else { return noTLS }
            if ["haproxy.org/ssl-redirect", "haproxy.com/ssl-redirect", "ingress.kubernetes.io/ssl-redirect"].contains(where: isFalse) {
                return .fails(reason: "ssl-redirect is \"false\", so HAProxy serves it over plain HTTP", hint: "remove the ssl-redirect annotation")
            }
            return .holds
        case ControllerProfile.haproxyIngress.id:
            // docs keys.md ssl-redirect (default true, for hosts with TLS).
            guard listed else { return noTLS }
            if isFalse("haproxy-ingress.github.io/ssl-redirect") || isFalse("ingress.kubernetes.io/ssl-redirect") {
                return .fails(reason: "ssl-redirect is \"false\", so HAProxy Ingress serves it over plain HTTP", hint: "remove the ssl-redirect annotation")
            }
            return .holds
        case ControllerProfile.kong.id:
            // internal/annotations: konghq.com/protocols; route.go force-ssl-redirect, overridden by protocols.
            guard listed else { return noTLS }
            let protocols = value("konghq.com/protocols").map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            let refuses = protocols.map { !$0.contains("http") && !$0.contains("grpc") && !$0.contains("ws") } ?? isTrue("ingress.kubernetes.io/force-ssl-redirect")
            guard refuses else {
                return .fails(reason: "Kong routes accept plain HTTP unless konghq.com/protocols leaves it out",
                              hint: "set konghq.com/protocols: https (and konghq.com/https-redirect-status-code: \"301\" to redirect)")
            }
            return .holds
        case ControllerProfile.contour.id:
            // internal/dag/ingress_processor.go: a secure virtual host per tls host named exactly;
            // HTTP routes unless allow-http false; force-ssl-redirect.
            guard listedExactly else {
                return .fails(reason: "no TLS entry with a secretName lists it exactly (Contour makes a secure virtual host per tls host as written)",
                              hint: "list the host itself in spec.tls[].hosts of an entry with a secretName")
            }
            guard isTrue("ingress.kubernetes.io/force-ssl-redirect") || isFalse("kubernetes.io/ingress.allow-http") else {
                return .fails(reason: "Contour serves Ingress hosts over plain HTTP unless told otherwise",
                              hint: "set ingress.kubernetes.io/force-ssl-redirect: \"true\" (or kubernetes.io/ingress.allow-http: \"false\")")
            }
            return .holds
        case ControllerProfile.istio.id:
            // pilot/pkg/config/kube/ingress/gateways.go: a port-80 server for every host, httpsRedirect false.
            return .fails(reason: "Istio serves every Ingress host over plain HTTP (a port-80 server, no redirect) and reads no annotation to change it",
                          hint: "serve the host through an Istio Gateway with tls.httpsRedirect, or a Gateway API HTTPRoute")
        case ControllerProfile.skipper.id:
            // TLS usually ends in front of Skipper; it redirects X-Forwarded-Proto: http by default.
            if isFalse("zalando.org/skipper-ingress-redirect") {
                return .fails(reason: "zalando.org/skipper-ingress-redirect is \"false\", so Skipper serves it over plain HTTP", hint: "remove the annotation")
            }
            return .holds
        default:
            // The specification says nothing of plain HTTP: only the TLS entry can be checked.
            return listed ? .holds : noTLS
        }
    }
}
