import Foundation

/// What a value must look like for its controller to read it.
public enum AnnotationValueKind: Sendable, Equatable {
    /// Go's `strconv.ParseBool`, which all the catalogued controllers use.
    case boolean
    case integer
    /// NGINX time: `30s`, `1m30s`, `500ms`; a bare number means seconds.
    case duration
    /// NGINX size: `1024`, `8k`, `8m`, `1g`.
    case size
    /// A URL with a scheme and a host.
    case absoluteURL
    case oneOf([String], caseSensitive: Bool)
    /// Anything; the controller reads it as text (names, lists, JSON, configuration).
    case text
}

/// How an annotation's value is written into nginx.conf, for the values a controller copies there.
public enum InjectionContext: Sendable, Equatable {
    /// A URL or URI; `variables` says whether NGINX `$variables` are legitimate in it.
    case url(variables: Bool)
    /// A comma-separated list of HTTP header names.
    case headerNames
    /// A host name, object name, pattern or variable expression.
    case name
}

public enum AnnotationRisk: Sendable, Equatable {
    case none
    /// Injects raw configuration: reported as an error.
    case dangerous(String)
    /// High risk in the controller's own rating, or the subject of a CVE: reported as a warning.
    case highRisk(String)
}

/// One well-known annotation.
public struct AnnotationSpec: Sendable {
    public let name: String
    public let profile: ControllerProfile
    public let kind: AnnotationValueKind
    public let risk: AnnotationRisk
    /// Set for values the controller copies into its configuration.
    public let injection: InjectionContext?
}

/// The well-known annotations, one table per controller family. Rules look annotations up here
/// instead of testing names one by one.
public enum AnnotationCatalog {
    public static let all: [AnnotationSpec] = ingressNginx + nginxInc + traefik + awsALB + gce

    private static let index: [String: AnnotationSpec] = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

    public static func spec(_ name: String) -> AnnotationSpec? { index[name] }

    public static let ingressNginxPrefix = "nginx.ingress.kubernetes.io/"
    public static let useRegex = ingressNginxPrefix + "use-regex"
    public static let rewriteTarget = ingressNginxPrefix + "rewrite-target"

    /// A value as messages quote it: one line, at most 80 characters.
    public static func quoted(_ value: String) -> String {
        var text = value.replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
        if text.count > 80 { text = String(text.prefix(77)) + "..." }
        return "\"\(text)\""
    }

    /// Go's `strconv.ParseBool`: nil when the text is not a boolean.
    public static func goBoolean(_ text: String) -> Bool? { GoBoolean.parse(text) }

    private struct Table {
        let profile: ControllerProfile
        let prefix: String

        func callAsFunction(
            _ names: [String], _ kind: AnnotationValueKind = .text, risk: AnnotationRisk = .none,
            injection: InjectionContext? = nil
        ) -> [AnnotationSpec] {
            names.map { AnnotationSpec(name: prefix + $0, profile: profile, kind: kind, risk: risk, injection: injection) }
        }
    }

    // Texts cite only the ingress-nginx risk table (docs/user-guide/nginx-configuration/
    // annotations-risk.md) and the Kubernetes security advisories.
    private enum Why {
        static let critical = "rated Critical in ingress-nginx's annotation risk table"
        static let high = "rated High in ingress-nginx's annotation risk table"
        static let snippets = """
            it injects raw NGINX configuration: custom snippets let anyone who can edit an Ingress read the controller's \
            service-account token and every Secret it can read (CVE-2021-25742); \(critical)
            """
        static let configurationSnippet = """
            it injects raw NGINX configuration into the location: it was used to run arbitrary commands in the controller \
            and take its credentials (CVE-2023-5043), and snippets expose every Secret the controller can read \
            (CVE-2021-25742); \(critical)
            """
        static let nightmare = """
            one of the March 2025 ingress-nginx configuration injections that the admission webhook made exploitable \
            without credentials (CVE-2025-1974)
            """
        static func injected(_ what: String, _ cve: String) -> String {
            "\(what) reached nginx.conf unsanitized, which allowed configuration injection and code execution in the controller (\(cve), \(nightmare)); \(high)"
        }
        static let mirror = injected("mirror-target and mirror-host", "CVE-2025-1098")
    }

    static let ingressNginx: [AnnotationSpec] = {
        let n = Table(profile: .ingressNginx, prefix: ingressNginxPrefix)
        let groups: [[AnnotationSpec]] = [
            n(["configuration-snippet"], risk: .dangerous(Why.configurationSnippet)),
            n(["server-snippet", "auth-snippet", "modsecurity-snippet", "stream-snippet"], risk: .dangerous(Why.snippets)),
            n(["auth-url"], .absoluteURL, risk: .highRisk(Why.injected("its value", "CVE-2025-24514")), injection: .url(variables: true)),
            n(["auth-tls-match-cn"], risk: .highRisk(Why.injected("its value", "CVE-2025-1097")), injection: .name),
            n(["mirror-target"], risk: .highRisk(Why.mirror), injection: .url(variables: true)),
            n(["mirror-host"], risk: .highRisk(Why.mirror), injection: .name),
            n(["server-alias"], risk: .highRisk("it adds further server names, regular expressions included, to the Ingress's server block; \(Why.high)"),
              injection: .name),
            n(["auth-signin"], risk: .highRisk("it sets the sign-in redirect URL and accepts NGINX variables; \(Why.high)"), injection: .url(variables: true)),
            n(["auth-tls-error-page"], risk: .highRisk(Why.high), injection: .url(variables: false)),
            n(["modsecurity-transaction-id", "proxy-ssl-name", "upstream-hash-by"], risk: .highRisk(Why.high), injection: .name),
            n([
                "permanent-redirect", "temporal-redirect", "auth-request-redirect", "app-root",
                "proxy-cookie-path", "session-cookie-path",
            ], injection: .url(variables: false)),
            n(["rewrite-target", "x-forwarded-prefix", "proxy-redirect-from", "proxy-redirect-to"], injection: .url(variables: true)),
            n([
                "auth-response-headers", "cors-allow-headers", "cors-expose-headers", "cors-allow-methods", "canary-by-header",
                "connection-proxy-header",
            ], injection: .headerNames),
            n([
                "auth-proxy-set-headers", "custom-headers", "upstream-vhost", "auth-secret", "auth-tls-secret", "proxy-ssl-secret",
                "default-backend", "fastcgi-params-configmap", "auth-realm", "auth-cache-key", "auth-signin-redirect-param",
                "canary-by-cookie", "canary-by-header-value", "cors-allow-origin", "session-cookie-name", "session-cookie-domain",
                "proxy-cookie-domain",
            ], injection: .name),
            n([
                "ssl-redirect", "force-ssl-redirect", "preserve-trailing-slash", "use-regex", "from-to-www-redirect", "enable-cors",
                "cors-allow-credentials", "canary", "ssl-passthrough", "service-upstream", "enable-access-log", "enable-rewrite-log",
                "enable-opentelemetry", "opentelemetry-trust-incoming-span", "enable-modsecurity", "enable-owasp-core-rules",
                "auth-tls-pass-certificate-to-upstream", "enable-global-auth", "session-cookie-change-on-failure",
                "session-cookie-conditional-samesite-none", "session-cookie-secure", "ssl-prefer-server-ciphers",
                "auth-always-set-cookie", "auth-keepalive-share-vars", "disable-proxy-intercept-errors", "use-port-in-redirects",
                "http2-push-preload",
            ], .boolean),
            n([
                "proxy-connect-timeout", "proxy-send-timeout", "proxy-read-timeout", "proxy-next-upstream-timeout",
                "proxy-next-upstream-tries", "proxy-buffers-number", "canary-weight", "canary-weight-total", "auth-tls-verify-depth",
                "proxy-ssl-verify-depth", "limit-connections", "limit-rps", "limit-rpm", "limit-burst-multiplier", "limit-rate",
                "limit-rate-after", "cors-max-age", "permanent-redirect-code", "temporal-redirect-code", "auth-keepalive",
                "auth-keepalive-requests", "auth-keepalive-timeout", "upstream-hash-by-subset-size",
            ], .integer),
            n(["proxy-body-size", "proxy-buffer-size", "proxy-busy-buffers-size", "proxy-max-temp-file-size", "client-body-buffer-size"], .size),
            n(["backend-protocol"], .oneOf(["AUTO_HTTP", "HTTP", "HTTPS", "AJP", "GRPC", "GRPCS", "FCGI"], caseSensitive: false)),
            n(["affinity"], .oneOf(["cookie"], caseSensitive: true)),
            n(["affinity-mode"], .oneOf(["balanced", "persistent"], caseSensitive: true)),
            n(["affinity-canary-behavior"], .oneOf(["sticky", "legacy"], caseSensitive: true)),
            n(["auth-type"], .oneOf(["basic", "digest"], caseSensitive: true)),
            n(["auth-secret-type"], .oneOf(["auth-file", "auth-map"], caseSensitive: true)),
            n(["auth-tls-verify-client"], .oneOf(["on", "off", "optional", "optional_no_ca"], caseSensitive: true)),
            n(["proxy-http-version"], .oneOf(["1.0", "1.1"], caseSensitive: true)),
            n(["proxy-buffering", "proxy-request-buffering"], .oneOf(["on", "off"], caseSensitive: false)),
            n(["mirror-request-body", "proxy-ssl-verify"], .oneOf(["on", "off"], caseSensitive: true)),
            n(["satisfy"], .oneOf(["all", "any"], caseSensitive: true)),
            n(["session-cookie-samesite"], .oneOf(["None", "Lax", "Strict"], caseSensitive: false)),
        ]
        return groups.flatMap { $0 }
    }()

    static let nginxInc: [AnnotationSpec] = {
        let n = Table(profile: .nginxInc, prefix: "nginx.org/")
        let groups: [[AnnotationSpec]] = [
            n(["server-snippets", "location-snippets"],
              // internal/k8s/validation.go validateSnippetsAnnotation: "snippet specified but
              // snippets feature is not enabled" rejects the Ingress, not the annotation alone.
              risk: .dangerous("it injects raw NGINX configuration; NGINX Ingress Controller rejects the whole Ingress unless it runs with -enable-snippets (off by default)")),
            n(["proxy-connect-timeout", "proxy-read-timeout", "proxy-send-timeout", "fail-timeout"], .duration),
            n(["client-max-body-size", "client-body-buffer-size", "proxy-buffer-size", "proxy-max-temp-file-size"], .size),
            n(["proxy-buffering", "redirect-to-https", "hsts", "hsts-include-subdomains", "hsts-behind-proxy", "use-cluster-ip"], .boolean),
            n(["keepalive", "max-fails", "max-conns", "hsts-max-age"], .integer),
            n(["mergeable-ingress-type"], .oneOf(["master", "minion"], caseSensitive: true)),
            // internal/configs/ingress.go: anything else leaves the paths literal.
            n(["path-regex"], .oneOf(["case_sensitive", "case_insensitive", "exact"], caseSensitive: true)),
            n(["rewrites", "ssl-services", "websocket-services", "grpc-services", "lb-method", "proxy-hide-headers", "proxy-pass-headers"]),
        ]
        return groups.flatMap { $0 }
    }()

    static let traefik: [AnnotationSpec] = {
        let t = Table(profile: .traefik, prefix: "traefik.ingress.kubernetes.io/")
        let groups: [[AnnotationSpec]] = [
            t(["router.tls"], .boolean),
            t(["router.priority"], .integer),
            t(["router.entrypoints", "router.middlewares", "router.pathmatcher", "router.tls.certresolver", "router.tls.options"]),
        ]
        return groups.flatMap { $0 }
    }()

    static let awsALB: [AnnotationSpec] = {
        let a = Table(profile: .awsALB, prefix: "alb.ingress.kubernetes.io/")
        let groups: [[AnnotationSpec]] = [
            a(["scheme"], .oneOf(["internal", "internet-facing"], caseSensitive: true)),
            a(["target-type"], .oneOf(["instance", "ip"], caseSensitive: true)),
            a(["ip-address-type"], .oneOf(["ipv4", "dualstack", "dualstack-without-public-ipv4"], caseSensitive: true)),
            a(["backend-protocol", "healthcheck-protocol"], .oneOf(["HTTP", "HTTPS"], caseSensitive: true)),
            a(["auth-type"], .oneOf(["none", "oidc", "cognito"], caseSensitive: true)),
            a(["auth-on-unauthenticated-request"], .oneOf(["authenticate", "allow", "deny"], caseSensitive: true)),
            a([
                "group.order", "ssl-redirect", "healthcheck-interval-seconds", "healthcheck-timeout-seconds", "healthy-threshold-count",
                "unhealthy-threshold-count", "auth-session-timeout",
            ], .integer),
            a(["shield-advanced-protection"], .boolean),
            a([
                "load-balancer-name", "group.name", "listen-ports", "certificate-arn", "ssl-policy", "healthcheck-path", "healthcheck-port",
                "success-codes", "subnets", "security-groups", "tags", "backend-protocol-version",
            ]),
        ]
        return groups.flatMap { $0 }
    }()

    static let gce: [AnnotationSpec] = {
        let g = Table(profile: .gce, prefix: "")
        let groups: [[AnnotationSpec]] = [
            g(["kubernetes.io/ingress.allow-http"], .boolean),
            g([
                "kubernetes.io/ingress.global-static-ip-name", "kubernetes.io/ingress.regional-static-ip-name",
                "ingress.gcp.kubernetes.io/pre-shared-cert", "networking.gke.io/managed-certificates",
                "networking.gke.io/v1beta1.FrontendConfig",
            ]),
        ]
        return groups.flatMap { $0 }
    }()
}
