import IngressModel
import Inventory
import ManifestLoader
import Testing
@testable import Routing

/// ingress-nginx's routing, vector by vector: each case is the Ingresses of one of ingress-nginx's
/// own e2e tests or documented examples (test/e2e/annotations, ingress/pathtype_*, defaultbackend,
/// servicebackend, ssl; docs/user-guide/ingress-path-matching) and the outcomes those tests assert,
/// checked through `verify`'s in-process checker. Cases marked "derived" follow from the
/// controller's code (controller.go, location.go, template.go, balancer.lua), not from a test.
@Suite struct IngressNginxRoutingTests {
    struct Path {
        var path: String
        var type = "Prefix"
        var service = "echo"
        var port = 80
    }

    /// An Ingress of class nginx, created `created` seconds into 2024.
    static func ingress(
        _ name: String, created: Int, host: String? = nil, annotations: [String: String] = [:], paths: [Path] = [], tls: [String]? = nil,
        defaultBackend: String? = nil, ruleWithoutHTTP: Bool = false
    ) -> String {
        var yaml = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: \(name)\n"
        yaml += "  creationTimestamp: \"2024-01-01T00:00:\(String(format: "%02d", created))Z\"\n"
        if !annotations.isEmpty {
            yaml += "  annotations:\n"
            for (key, value) in annotations.sorted(by: { $0.key < $1.key }) {
                yaml += "    nginx.ingress.kubernetes.io/\(key): '\(value)'\n"
            }
        }
        yaml += "spec:\n  ingressClassName: nginx\n"
        if let defaultBackend { yaml += "  defaultBackend: {service: {name: \(defaultBackend), port: {number: 80}}}\n" }
        if let tls { yaml += "  tls:\n  - hosts: [\(tls.joined(separator: ", "))]\n    secretName: tls-secret\n" }
        if ruleWithoutHTTP, let host {
            yaml += "  rules:\n  - host: \(host)\n"
        } else if !paths.isEmpty {
            yaml += "  rules:\n  - "
            if let host { yaml += "host: \"\(host)\"\n    " }
            yaml += "http:\n      paths:\n"
            for path in paths {
                yaml += "      - path: \"\(path.path)\"\n        pathType: \(path.type)\n        backend: {service: {name: \(path.service), port: {number: \(path.port)}}}\n"
            }
        }
        return yaml
    }

    static let ingressClass = """
        apiVersion: networking.k8s.io/v1
        kind: IngressClass
        metadata: {name: nginx}
        spec: {controller: k8s.io/ingress-nginx}
        """

    /// Checks each expectation (verify's file format) against the Ingresses, in-process.
    static func check(_ manifests: [String], _ expectations: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let loaded = ManifestLoader().load(text: ([ingressClass] + manifests).joined(separator: "\n---\n"), file: "vector.yaml")
        for issue in loaded.issues { Issue.record("fixture: \(issue.location): \(issue.message)", sourceLocation: sourceLocation) }
        let inventory = Inventory(loaded.objects)
        let served = try ServedClass.select(inventory: inventory, requested: "nginx")
        #expect(served.table.nginx != nil, "the class is routed by ingress-nginx", sourceLocation: sourceLocation)
        let checker = ExpectationChecker(table: served.table, inventory: inventory)
        for expectation in try ExpectationFile.parse("expectations:\n" + expectations, file: "expect.yaml", defaultNamespace: "default") {
            let result = checker.check(expectation)
            #expect(result.holds, "\(expectation.requestText) (line \(expectation.location.line)): \(result.failure ?? "") — got \(result.actual)", sourceLocation: sourceLocation)
        }
    }

    @Test func prefixMatchesWholeElementsAndAnExactCopy() throws {
        // pathtype_prefix.go "should return 404 when prefix /aaa does not match request /aaaccc"
        try Self.check([Self.ingress("exact", created: 1, host: "prefix.path", paths: [Path(path: "/aaa")])], """
              - {request: GET http://prefix.path/aaa, backend: echo:80}
              - {request: GET http://prefix.path/aaacccc, status: 404}
              - {request: GET http://prefix.path/aaa/cccc, backend: echo:80}
              - {request: GET http://prefix.path/aaa/, backend: echo:80}
            """)
    }

    @Test func regexPathsAreAnchoredAtTheStartOnly() throws {
        // pathtype_prefix.go: /id/{int} patterns with use-regex
        try Self.check([Self.ingress("a", created: 1, host: "echo.com.br", annotations: ["use-regex": "true"], paths: [Path(path: "/id/[0-9]+")])], """
              - {request: GET http://echo.com.br/id/1, backend: echo:80}
              - {request: GET http://echo.com.br/id/123, backend: echo:80}
              - {request: GET http://echo.com.br/id/aaa, status: 404}
              - {request: GET http://echo.com.br/id/123a, backend: echo:80}
            """)
        try Self.check([Self.ingress("b", created: 1, host: "echo.regex.br", annotations: ["use-regex": "true"], paths: [Path(path: "/id/[0-9]{3}$")])], """
              - {request: GET http://echo.regex.br/id/99, status: 404}
              - {request: GET http://echo.regex.br/id/123, backend: echo:80}
              - {request: GET http://echo.regex.br/id/9999, status: 404}
              - {request: GET http://echo.regex.br/id/123a, status: 404}
            """)
    }

    @Test func exactAndPrefixOfOnePathAreTwoLocations() throws {
        // pathtype_exact.go and pathtype_mixed.go: the older Ingress keeps a path of its type.
        try Self.check([
            Self.ingress("exact", created: 1, host: "exact.path", paths: [Path(path: "/exact", type: "Exact", service: "exact")]),
            Self.ingress("exact-suffix", created: 2, host: "exact.path", paths: [Path(path: "/exact", service: "suffix")]),
            Self.ingress("duplicated-prefix", created: 3, host: "exact.path", paths: [Path(path: "/exact", service: "duplicated")]),
        ], """
              - {request: GET http://exact.path/exact, backend: exact:80}
              - {request: GET http://exact.path/exact/suffix, backend: suffix:80}
            """)
        try Self.check([
            Self.ingress("exact-root", created: 1, host: "mixed.path", paths: [Path(path: "/", type: "Exact", service: "exact-root")]),
            Self.ingress("prefix-root", created: 2, host: "mixed.path", paths: [Path(path: "/", service: "prefix-root")]),
            Self.ingress("exact-foo", created: 3, host: "mixed.path", paths: [Path(path: "/foo", type: "Exact", service: "exact-foo")]),
            Self.ingress("prefix-foo", created: 4, host: "mixed.path", paths: [Path(path: "/foo", service: "prefix-foo")]),
        ], """
              - {request: GET http://mixed.path/, backend: exact-root:80}
              - {request: GET http://mixed.path/bar, backend: prefix-root:80}
              - {request: GET http://mixed.path/foo, backend: exact-foo:80}
              - {request: GET http://mixed.path/foo/bar, backend: prefix-foo:80}
              - {request: GET http://mixed.path/foobar, backend: prefix-root:80}
            """)
    }

    @Test func rewriteTargetReplacesTheURIAndKeepsTheQuery() throws {
        // rewrite.go "should write rewrite logs", "should allow for custom rewrite parameters"; docs/examples/rewrite
        try Self.check([Self.ingress("r", created: 1, host: "rewrite.bar.com", annotations: ["rewrite-target": "/"], paths: [Path(path: "/something")])], """
              - {request: GET http://rewrite.bar.com/something, backend: echo:80, path: /}
              - {request: "GET http://rewrite.bar.com/something/else?q=1", backend: echo:80, path: "/?q=1"}
            """)
        try Self.check([Self.ingress("r", created: 1, host: "rewrite.bar.com", annotations: ["use-regex": "true", "rewrite-target": "/new/backend/$1"], paths: [Path(path: "/foo/bar/(.+)")])], """
              - {request: GET http://rewrite.bar.com/foo/bar/bar, backend: echo:80, path: /new/backend/bar}
            """)
        try Self.check([Self.ingress("r", created: 1, host: "rewrite.bar.com", annotations: ["use-regex": "true", "rewrite-target": "/$2"], paths: [Path(path: "/something(/|$)(.*)", type: "ImplementationSpecific", service: "http-svc")])], """
              - {request: GET http://rewrite.bar.com/something, backend: http-svc:80, path: /}
              - {request: GET http://rewrite.bar.com/something/, backend: http-svc:80, path: /}
              - {request: GET http://rewrite.bar.com/something/new, backend: http-svc:80, path: /new}
            """)
    }

    @Test func aRegexHostTriesLocationsLongestFirst() throws {
        // rewrite.go "should use ~* location modifier if regex annotation is present" and
        // "should fail to use longest match for documented warning"; ingress-path-matching.md "Path Priority".
        try Self.check([
            Self.ingress("foo", created: 1, host: "rewrite.bar.com", paths: [Path(path: "/foo", service: "plain")]),
            Self.ingress("regex", created: 2, host: "rewrite.bar.com", annotations: ["use-regex": "true", "rewrite-target": "/new/backend"], paths: [Path(path: "/foo.+", service: "regex")]),
        ], """
              - {request: GET http://rewrite.bar.com/foo, backend: plain:80, path: /foo}
              - {request: GET http://rewrite.bar.com/foo/bar, backend: regex:80, path: /new/backend}
            """)
        try Self.check([
            Self.ingress("foo", created: 1, host: "rewrite.bar.com", paths: [Path(path: "/foo/bar/bar", service: "plain")]),
            Self.ingress("regex", created: 2, host: "rewrite.bar.com", annotations: ["use-regex": "true", "rewrite-target": "/new/backend"], paths: [Path(path: "/foo/bar/[a-z]{3}", service: "regex")]),
        ], """
              - {request: GET http://rewrite.bar.com/foo/bar/bar, backend: regex:80, path: /new/backend}
            """)
        try Self.check([
            Self.ingress("test-ingress-1", created: 1, host: "test.com", paths: [Path(path: "/foo/bar", service: "service1"), Path(path: "/foo/bar/", service: "service2")]),
            Self.ingress("test-ingress-2", created: 2, host: "test.com", annotations: ["rewrite-target": "/$1"], paths: [Path(path: "/foo/bar/(.+)", type: "ImplementationSpecific", service: "service3")]),
        ], """
              - {request: GET http://test.com/foo/bar/1, backend: service3:80, path: /1}
              - {request: GET http://test.com/foo/bar/, backend: service2:80, path: /foo/bar/}
              - {request: GET http://test.com/foo/bar, backend: service1:80, path: /foo/bar}
            """)
    }

    @Test func regexModeSpillsIntoTheOtherIngressesOfTheHost() throws {
        // derived (template.go enforceRegexModifier): a plain Prefix /foo becomes ~* "^/foo".
        try Self.check([
            Self.ingress("a", created: 1, host: "h", paths: [Path(path: "/foo", service: "a")]),
            Self.ingress("b", created: 2, host: "h", annotations: ["use-regex": "true"], paths: [Path(path: "/bar", service: "b")]),
        ], """
              - {request: GET http://h/foobar, backend: a:80, path: /foobar}
              - {request: GET http://h/FOO/x, backend: a:80}
            """)
    }

    @Test func redirects() throws {
        // approot.go, redirect.go, relativeredirects.go, forcesslredirect.go, preservetrailingslash.go, ssl/http_redirect.go
        try Self.check([Self.ingress("a", created: 1, host: "approot.bar.com", annotations: ["app-root": "/foo"], paths: [Path(path: "/")])], """
              - {request: GET http://approot.bar.com/, status: 302, location: http://approot.bar.com/foo}
              - {request: GET http://approot.bar.com/x, backend: echo:80}
            """)
        try Self.check([Self.ingress("a", created: 1, host: "redirect", annotations: ["permanent-redirect": "http://redirect.example.com"], paths: [Path(path: "/something")])], """
              - {request: GET http://redirect/something, status: 301, location: "http://redirect.example.com"}
              - {request: "GET http://redirect/other?q=1", status: 301, location: "http://redirect.example.com"}
            """)
        try Self.check([Self.ingress("a", created: 1, host: "redirect", annotations: ["permanent-redirect": "http://redirect.example.com", "permanent-redirect-code": "302"], paths: [Path(path: "/something")])], """
              - {request: GET http://redirect/something, status: 302, location: "http://redirect.example.com"}
            """)
        try Self.check([Self.ingress("a", created: 1, host: "rr.foo.com", annotations: ["permanent-redirect": "/new-location"], paths: [Path(path: "/something")])], """
              - {request: GET http://rr.foo.com/something, status: 301, location: http://rr.foo.com/new-location}
            """)
        // relativeredirects.go "should respond with relative URL in Location"
        try Self.check([Self.ingress("a", created: 1, host: "rr.foo.com", annotations: ["permanent-redirect": "/new-location", "relative-redirects": "true"], paths: [Path(path: "/something")])], """
              - {request: GET http://rr.foo.com/something, status: 301, location: /new-location}
            """)
        // redirect.go: temporal-redirect wins over permanent-redirect; its code falls back to 302 outside 300–307.
        try Self.check([Self.ingress("a", created: 1, host: "t", annotations: ["temporal-redirect": "https://t.example/x", "temporal-redirect-code": "307", "permanent-redirect": "https://p.example"], paths: [Path(path: "/")])], """
              - {request: GET http://t/, status: 307, location: "https://t.example/x"}
            """)
        try Self.check([Self.ingress("a", created: 1, host: "t", annotations: ["temporal-redirect": "https://t.example/x", "temporal-redirect-code": "308"], paths: [Path(path: "/")])], """
              - {request: GET http://t/, status: 302, location: "https://t.example/x"}
            """)
        try Self.check([Self.ingress("a", created: 1, host: "forcesslredirect.bar.com", annotations: ["force-ssl-redirect": "true"], paths: [Path(path: "/")])], """
              - {request: GET http://forcesslredirect.bar.com/, status: 308, location: https://forcesslredirect.bar.com}
              - {request: GET https://forcesslredirect.bar.com/, backend: echo:80}
            """)
        try Self.check([Self.ingress("a", created: 1, host: "t.bar.com", annotations: ["preserve-trailing-slash": "true"], paths: [Path(path: "/")], tls: ["t.bar.com"])], """
              - {request: GET http://t.bar.com/, status: 308, location: https://t.bar.com/}
            """)
        try Self.check([Self.ingress("a", created: 1, host: "h", annotations: ["permanent-redirect": "https://x.example/y"], paths: [Path(path: "/")], tls: ["h"])], """
              - {request: GET http://h/z, status: 301, location: "https://x.example/y"}
            """)
        try Self.check([Self.ingress("a", created: 1, host: "h", paths: [Path(path: "/")], tls: ["h"])], """
              - {request: GET http://redirect.com/, status: 404}
              - {request: GET http://h/, status: 308, location: https://h}
              - {request: "GET http://h/a/?q=1", status: 308, location: "https://h/a/?q=1"}
              - {request: GET http://h/a/, status: 308, location: https://h/a}
              - {request: GET http://h/.well-known/acme-challenge/tok, status: 308, location: https://h/.well-known/acme-challenge/tok}
              - {request: GET https://h/a/, backend: echo:80, path: /a/}
            """)
        // The acme-challenge exemption belongs to a location whose path starts with it.
        try Self.check([
            Self.ingress("a", created: 1, host: "h", paths: [Path(path: "/")], tls: ["h"]),
            Self.ingress("solver", created: 2, host: "h", paths: [Path(path: "/.well-known/acme-challenge/tok", type: "Exact", service: "solver")]),
        ], """
              - {request: GET http://h/.well-known/acme-challenge/tok, backend: solver:80}
            """)
    }

    @Test func aPrefixEndingInASlashRedirectsTheBarePath() throws {
        // derived: nginx's auto_redirect for `location /foo/`.
        try Self.check([Self.ingress("a", created: 1, host: "h", paths: [Path(path: "/foo/", service: "svc")])], """
              - {request: "GET http://h/foo?x=1", status: 301, location: "http://h/foo/?x=1"}
              - {request: GET http://h/foo/, backend: svc:80}
            """)
    }

    @Test func fromToWWWRedirectsBothWaysWithThePort() throws {
        // fromtowwwredirect.go
        try Self.check([Self.ingress("a", created: 1, host: "fromtowwwredirect.bar.com", annotations: ["from-to-www-redirect": "true"], paths: [Path(path: "/")])], """
              - {request: GET http://www.fromtowwwredirect.bar.com/foo, status: 308, location: "http://fromtowwwredirect.bar.com:80/foo"}
              - {request: GET http://fromtowwwredirect.bar.com/foo, backend: echo:80}
            """)
        try Self.check([Self.ingress("a", created: 1, host: "h.nip.io", annotations: ["from-to-www-redirect": "true"], paths: [Path(path: "/")], tls: ["h.nip.io", "www.h.nip.io"])], """
              - {request: GET https://www.h.nip.io/, status: 308, location: "https://h.nip.io:443"}
              - {request: GET https://h.nip.io/, backend: echo:80}
            """)
    }

    @Test func aliasesAndDefaultBackends() throws {
        // alias.go
        try Self.check([
            Self.ingress("app-a", created: 1, host: "foo", paths: [Path(path: "/app-a")]),
            Self.ingress("app-b", created: 2, host: "foo", annotations: ["server-alias": "bar"], paths: [Path(path: "/app-b")]),
        ], """
              - {request: GET http://foo/app-a, backend: echo:80}
              - {request: GET http://bar/app-a, backend: echo:80}
              - {request: GET http://baz/app-a, status: 404}
            """)
        // defaultbackend/with_hosts.go, ingress/without_host.go: a defaultBackend serves the hosts
        // its Ingress creates, never the catch-all server.
        try Self.check([Self.ingress("backend", created: 1, host: "only-backend", defaultBackend: "echo", ruleWithoutHTTP: true)], """
              - {request: GET http://only-backend/, backend: echo:80}
              - {request: GET http://only-backend-doesnotexist/, status: 404}
            """)
        try Self.check([Self.ingress("catch-all", created: 1, defaultBackend: "fallback")], """
              - {request: GET http://anything/x, backend: fallback:80}
            """)
        // servicebackend/service_nil_backend.go: a resource backend makes no location.
        try Self.check([
            """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: nilbackend}
            spec:
              ingressClassName: nginx
              rules:
              - host: nilbackend.svc.com
                http:
                  paths:
                  - {path: /, pathType: Prefix, backend: {resource: {apiGroup: otherobj.testingress.com, kind: Anything, name: mytest}}}
            """,
        ], """
              - {request: GET http://nilbackend.svc.com/, status: 404}
            """)
    }

    @Test func serviceWithoutEndpointsAnswers503OrTheDefaultBackendAnnotation() throws {
        let services = """
            apiVersion: v1
            kind: Service
            metadata: {name: unavailable}
            spec: {ports: [{port: 80}]}
            ---
            apiVersion: v1
            kind: Endpoints
            metadata: {name: unavailable}
            subsets: []
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: echo}
            spec: {ports: [{port: 80}]}
            """
        // servicebackend/service_backend.go; annotations/default_backend.go
        try Self.check([services, Self.ingress("a", created: 1, host: "unavailable.svc.com", paths: [Path(path: "/", service: "unavailable")])], """
              - {request: GET http://unavailable.svc.com/, status: 503}
            """)
        try Self.check([services, Self.ingress("a", created: 1, host: "default-backend", annotations: ["default-backend": "echo"], paths: [Path(path: "/", service: "unavailable")])], """
              - {request: GET http://default-backend/alma/armud, backend: echo:80, path: /alma/armud}
            """)
    }

    static let mainline = Self.ingress("foo", created: 1, host: "foo", paths: [Path(path: "/info", service: "httpbun")])

    static func canary(_ annotations: [String: String], created: Int = 2) -> String {
        Self.ingress("foo-canary", created: created, host: "foo", annotations: annotations.merging(["canary": "true"]) { $1 }, paths: [Path(path: "/info", service: "httpbun-canary")])
    }

    @Test func canaryByHeaderValuePatternAndCookie() throws {
        // annotations/canary.go
        try Self.check([Self.mainline, Self.canary(["canary-by-header": "CanaryByHeader"])], """
              - {request: GET http://foo/info, backend: httpbun:80}
              - {request: GET http://foo/info, headers: {CanaryByHeader: always}, backend: httpbun-canary:80}
              - {request: GET http://foo/info, headers: {canarybyheader: always}, backend: httpbun-canary:80}
              - {request: GET http://foo/info, headers: {CanaryByHeader: never}, backend: httpbun:80}
              - {request: GET http://foo/info, headers: {CanaryByHeader: badheadervalue}, backend: httpbun:80}
            """)
        try Self.check([Self.canary(["canary-by-header": "CanaryByHeader"], created: 1), Self.ingress("foo", created: 2, host: "foo", paths: [Path(path: "/info", service: "httpbun")])], """
              - {request: GET http://foo/info, headers: {CanaryByHeader: always}, backend: httpbun-canary:80}
            """)
        try Self.check([Self.mainline, Self.canary(["canary-by-header": "CanaryByHeader", "canary-by-header-value": "DoCanary"])], """
              - {request: GET http://foo/info, headers: {CanaryByHeader: DoCanary}, backend: httpbun-canary:80}
              - {request: GET http://foo/info, headers: {CanaryByHeader: always}, backend: httpbun:80}
              - {request: GET http://foo/info, headers: {CanaryByHeader: otherheadervalue}, backend: httpbun:80}
            """)
        try Self.check([Self.mainline, Self.canary(["canary-by-header": "CanaryByHeader", "canary-by-header-pattern": "^Do[A-Z][a-z]+y$"])], """
              - {request: GET http://foo/info, headers: {CanaryByHeader: DoCanary}, backend: httpbun-canary:80}
              - {request: GET http://foo/info, headers: {CanaryByHeader: Docanary}, backend: httpbun:80}
            """)
        try Self.check([Self.mainline, Self.canary(["canary-by-header": "CanaryByHeader", "canary-by-header-value": "DoCanary", "canary-by-header-pattern": "^Do[A-Z][a-z]+y$"])], """
              - {request: GET http://foo/info, headers: {CanaryByHeader: DoCananry}, backend: httpbun:80}
            """)
        try Self.check([Self.mainline, Self.canary(["canary-by-header": "CanaryByHeader", "canary-by-header-pattern": "[][**da?$&*", "canary-by-cookie": "CanaryByCookie"])], """
              - {request: GET http://foo/info, headers: {CanaryByHeader: DoCanary, Cookie: "CanaryByCookie=always"}, backend: httpbun:80}
            """)
        try Self.check([Self.mainline, Self.canary(["canary-by-header": "CanaryByHeader", "canary-by-header-value": "DoCanary", "canary-by-cookie": "CanaryByCookie"])], """
              - {request: GET http://foo/info, headers: {CanaryByHeader: otherheadervalue, Cookie: "CanaryByCookie=always"}, backend: httpbun-canary:80}
            """)
        try Self.check([Self.mainline, Self.canary(["canary-by-cookie": "Canary-By-Cookie"])], """
              - {request: GET http://foo/info, headers: {Cookie: "Canary-By-Cookie=always"}, backend: httpbun-canary:80}
              - {request: GET http://foo/info, headers: {Cookie: "a=b; Canary-By-Cookie=never"}, backend: httpbun:80}
              - {request: GET http://foo/info, headers: {Cookie: "Canary-By-Cookie=badcookievalue"}, backend: httpbun:80}
            """)
    }

    @Test func canaryByWeight() throws {
        try Self.check([Self.mainline, Self.canary(["canary-weight": "0"])], """
              - {request: GET http://foo/info, backend: httpbun:80}
            """)
        try Self.check([Self.mainline, Self.canary(["canary-weight": "100"])], """
              - {request: GET http://foo/info, backend: httpbun-canary:80}
            """)
        try Self.check([Self.mainline, Self.canary(["canary-weight": "1000", "canary-weight-total": "1000"])], """
              - {request: GET http://foo/info, backend: httpbun-canary:80}
            """)
        try Self.check([Self.mainline, Self.canary(["canary-weight": "50"])], """
              - {request: GET http://foo/info, weights: {httpbun:80: 50, httpbun-canary:80: 50}}
            """)
        try Self.check([Self.mainline, Self.canary(["canary-weight": "100", "canary-weight-total": "200"])], """
              - {request: GET http://foo/info, weights: {httpbun:80: 50, httpbun-canary:80: 50}}
            """)
        // balancer.lua ignores a total under 100.
        try Self.check([Self.mainline, Self.canary(["canary-weight": "10", "canary-weight-total": "20"])], """
              - {request: GET http://foo/info, weights: {httpbun:80: 90, httpbun-canary:80: 10}}
            """)
    }

    @Test func aCanaryWithoutMainServesNothingAndJoinsEveryRouteOfTheMainService() throws {
        try Self.check([Self.canary(["canary-by-header": "CanaryByHeader"], created: 1)], """
              - {request: GET http://foo/info, headers: {CanaryByHeader: always}, status: 404}
            """)
        // derived: the canary is an alternative of the main upstream, wherever it is routed.
        try Self.check([
            Self.ingress("m", created: 1, host: "h", paths: [Path(path: "/a", service: "main"), Path(path: "/b", service: "main")]),
            Self.ingress("c", created: 2, host: "h", annotations: ["canary": "true", "canary-by-header": "X-C"], paths: [Path(path: "/a", service: "can")]),
        ], """
              - {request: GET http://h/b, headers: {X-C: always}, backend: can:80}
            """)
    }

    @Test func theRootPlaceholderCarriesTheAnnotationsOfTheIngressThatMadeTheHost() throws {
        // derived (controller.go createServers)
        try Self.check([Self.ingress("a", created: 1, host: "h", annotations: ["permanent-redirect": "https://x.example"], paths: [Path(path: "/p")])], """
              - {request: "GET http://h/other?q=1", status: 301, location: "https://x.example"}
            """)
    }

    @Test func wildcardHostsCoverOneLabel() throws {
        try Self.check([Self.ingress("w", created: 1, host: "*.bar.com", paths: [Path(path: "/", service: "wild")])], """
              - {request: GET http://api.bar.com/x, backend: wild:80}
              - {request: GET http://deep.api.bar.com/x, status: 404}
            """)
    }

    @Test func sameSecondIngressesGoByNameDescending() throws {
        try Self.check([
            Self.ingress("alpha", created: 1, host: "h", paths: [Path(path: "/x", service: "alpha")]),
            Self.ingress("beta", created: 1, host: "h", paths: [Path(path: "/x", service: "beta")]),
        ], """
              - {request: GET http://h/x, backend: beta:80}
            """)
    }
}
