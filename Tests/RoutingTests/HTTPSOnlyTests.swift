import IngressModel
import Testing
@testable import Routing

/// What each controller needs for a host to be HTTPS-only, from its own code and docs (the table
/// beside `HTTPSOnly`): the policy's `hosts.requireTLS` asks this and nothing else.
@Suite struct HTTPSOnlyTests {
    static func ingress(annotations: [String: String], tls: String) -> Ingress? {
        var yaml = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n  annotations:\n    x/y: z\n"
        for (key, value) in annotations.sorted(by: { $0.key < $1.key }) { yaml += "    \(key): '\(value)'\n" }
        yaml += "spec:\n"
        if !tls.isEmpty { yaml += "  tls: \(tls)\n" }
        yaml += "  rules:\n  - host: shop.example.com\n    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}\n"
        return RoutingFixtures.inventory(yaml).ingresses.first
    }

    static let listed = "[{hosts: [shop.example.com], secretName: shop-tls}]"
    static let wildcard = "[{hosts: ['*.example.com'], secretName: wild}]"
    static let unlisted = "[{hosts: [other.example.com], secretName: other}]"
    static let hostless = "[{secretName: any}]"

    @Test(arguments: [
        // (profile, annotations, tls, holds)
        ("ingress-nginx", [:], listed, true),
        ("ingress-nginx", [:], wildcard, true),
        ("ingress-nginx", [:], "", false),
        ("ingress-nginx", [:], unlisted, false),
        ("ingress-nginx", ["nginx.ingress.kubernetes.io/ssl-redirect": "false"], listed, false),
        ("ingress-nginx", ["nginx.ingress.kubernetes.io/ssl-redirect": "false", "nginx.ingress.kubernetes.io/force-ssl-redirect": "true"], listed, true),
        ("ingress-nginx", ["nginx.ingress.kubernetes.io/ssl-redirect": "0"], listed, false),
        ("ingress-nginx", ["nginx.ingress.kubernetes.io/ssl-redirect": "F"], listed, false),
        ("nginx-inc", [:], listed, true),
        ("nginx-inc", [:], wildcard, false),
        ("nginx-inc", ["ingress.kubernetes.io/ssl-redirect": "False"], listed, false),
        ("nginx-inc", ["ingress.kubernetes.io/ssl-redirect": "false", "nginx.org/ssl-redirect": "true"], listed, true),
        ("aws-alb", [:], listed, false),
        ("aws-alb", ["alb.ingress.kubernetes.io/certificate-arn": "arn:aws:acm:x"], "", true),
        ("aws-alb", ["alb.ingress.kubernetes.io/certificate-arn": "arn:aws:acm:x", "alb.ingress.kubernetes.io/listen-ports": #"[{"HTTP": 80}, {"HTTPS": 443}]"#], "", false),
        ("aws-alb", ["alb.ingress.kubernetes.io/listen-ports": #"[{"HTTP": 80}, {"HTTPS": 443}]"#, "alb.ingress.kubernetes.io/ssl-redirect": "443"], listed, true),
        ("gce", [:], listed, false),
        ("gce", ["kubernetes.io/ingress.allow-http": "false"], unlisted, true),
        ("gce", ["kubernetes.io/ingress.allow-http": "false"], "", false),
        ("gce", ["networking.gke.io/managed-certificates": "shop", "networking.gke.io/v1beta1.FrontendConfig": "redirect"], "", true),
        ("agic", [:], listed, true),
        ("agic", [:], hostless, true),
        ("agic", [:], "", false),
        ("agic", ["appgw.ingress.kubernetes.io/appgw-ssl-certificate": "shop"], "", true),
        ("traefik", [:], listed, false),
        ("traefik", ["traefik.ingress.kubernetes.io/router.tls": "true"], listed, true),
        ("traefik", ["traefik.ingress.kubernetes.io/router.entrypoints": "websecure"], listed, true),
        ("traefik", ["traefik.ingress.kubernetes.io/router.entrypoints": "web,websecure"], listed, false),
        ("haproxy", [:], listed, true),
        ("haproxy", ["haproxy.org/ssl-redirect": "false"], listed, false),
        ("haproxy-ingress", [:], listed, true),
        ("haproxy-ingress", ["haproxy-ingress.github.io/ssl-redirect": "false"], listed, false),
        ("kong", [:], listed, false),
        ("kong", ["konghq.com/protocols": "https"], listed, true),
        ("kong", ["konghq.com/protocols": "http,https", "ingress.kubernetes.io/force-ssl-redirect": "true"], listed, false),
        ("contour", [:], listed, false),
        ("contour", ["ingress.kubernetes.io/force-ssl-redirect": "true"], listed, true),
        ("contour", ["kubernetes.io/ingress.allow-http": "false"], listed, true),
        ("contour", ["kubernetes.io/ingress.allow-http": "False"], listed, false),
        ("contour", ["ingress.kubernetes.io/force-ssl-redirect": "true"], wildcard, false),
        ("kong", ["konghq.com/protocols": "https,ws"], listed, false),
        ("istio", [:], listed, false),
        ("skipper", [:], "", true),
        ("skipper", ["zalando.org/skipper-ingress-redirect": "false"], "", false),
        ("spec", [:], listed, true),
        ("spec", [:], hostless, false),
    ] as [(String, [String: String], String, Bool)])
    func eachControllerDecidesByItsOwnSwitches(profileID: String, annotations: [String: String], tls: String, holds: Bool) throws {
        let profile = try #require(ControllerProfile.all.first { $0.id == profileID })
        let ingress = try #require(Self.ingress(annotations: annotations, tls: tls))
        let verdict = HTTPSOnly.verdict(host: "shop.example.com", of: ingress, under: profile)
        #expect((verdict == .holds) == holds, "\(profileID) \(annotations) tls=\(tls): \(verdict)")
    }

    /// ingress-nginx configures TLS per server: another Ingress's certificate for the host makes
    /// this one's paths redirect too; NGINX Inc reads each Ingress's own entry.
    @Test func aCertificateFromAnotherIngressOfTheHostCountsWhereTheControllerSharesIt() throws {
        let ingress = try #require(Self.ingress(annotations: [:], tls: ""))
        #expect(HTTPSOnly.verdict(host: "shop.example.com", of: ingress, under: .ingressNginx, sharedTLS: true) == .holds)
        #expect(HTTPSOnly.verdict(host: "shop.example.com", of: ingress, under: .nginxInc, sharedTLS: true) != .holds)
    }
}
