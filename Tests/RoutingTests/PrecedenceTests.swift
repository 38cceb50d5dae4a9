import Testing
@testable import Routing

@Suite struct PrecedenceTests {
    typealias F = RoutingFixtures

    @Test func longestRulePathWinsCountingTrailingSlash() {
        let table = F.table(F.ingress(paths: [("/foo", "Prefix", "short"), ("/foo/", "Prefix", "long")]))
        #expect(F.backend(table, path: "/foo") == "long")
        #expect(F.backend(table, path: "/foo/x") == "long")
    }

    @Test func exactBeatsPrefixOfTheSameLength() {
        let table = F.table(F.ingress(paths: [("/foo", "Prefix", "prefix"), ("/foo", "Exact", "exact")]))
        #expect(F.backend(table, path: "/foo") == "exact")
        #expect(F.backend(table, path: "/foo/bar") == "prefix")
    }

    @Test func olderIngressWinsATieThenNamespaceAndName() {
        let yaml = F.ingress(name: "b-new", paths: [("/api", "Prefix", "newer")], created: "2024-05-01T00:00:00Z")
            + "---\n" + F.ingress(name: "a-old", paths: [("/api", "Prefix", "older")], created: "2023-01-01T00:00:00Z")
        #expect(F.backend(F.table(yaml), path: "/api") == "older")
        let untimed = F.ingress(name: "zeta", paths: [("/api", "Prefix", "zeta")]) + "---\n" + F.ingress(name: "alpha", paths: [("/api", "Prefix", "alpha")])
        #expect(F.backend(F.table(untimed), path: "/api") == "alpha")
        let mixed = F.ingress(name: "alpha", paths: [("/api", "Prefix", "uncreated")]) + "---\n" + F.ingress(name: "zeta", paths: [("/api", "Prefix", "created")], created: "2025-01-01T00:00:00Z")
        #expect(F.backend(F.table(mixed), path: "/api") == "created")
    }

    @Test func earlierPathOfOneIngressWinsATie() {
        let table = F.table(F.ingress(paths: [("/api", "Prefix", "first"), ("/api", "Prefix", "second")]))
        #expect(F.backend(table, path: "/api") == "first")
    }

    @Test func implementationSpecificIsMatchedAsPrefix() {
        let table = F.table(F.ingress(paths: [("/app", "ImplementationSpecific", "app")]))
        #expect(F.backend(table, path: "/app/x") == "app")
        #expect(F.backend(table, path: "/apple") == "404")
    }

    @Test func queryAndFragmentAreIgnoredAndCaseMatters() {
        let table = F.table(F.ingress(paths: [("/foo", "Exact", "exact")]))
        #expect(F.backend(table, path: "/foo?x=/bar") == "exact")
        #expect(F.backend(table, path: "/Foo") == "404")
    }

    @Test func hostIsCaseInsensitiveAndPortIsIgnored() {
        let table = F.table(F.ingress(paths: [("/", "Prefix", "web")]))
        #expect(F.backend(table, host: "FOO.Bar.com:8443", path: "/") == "web")
        #expect(F.backend(table, host: "foo.bar.com.evil", path: "/") == "404")
    }

    @Test func wildcardCoversExactlyOneLabel() {
        let table = F.table(F.ingress(host: "*.foo.com", paths: [("/", "Prefix", "wild")]))
        #expect(F.backend(table, host: "bar.foo.com", path: "/") == "wild")
        #expect(F.backend(table, host: "baz.bar.foo.com", path: "/") == "404")
        #expect(F.backend(table, host: "foo.com", path: "/") == "404")
        #expect(F.backend(table, host: ".foo.com", path: "/") == "404")
    }

    @Test func exactHostBeatsWildcardBeatsNoHostAndHostComesFirst() {
        let yaml = F.ingress(name: "exact", host: "a.foo.com", paths: [("/only", "Prefix", "exact")])
            + "---\n" + F.ingress(name: "wild", host: "*.foo.com", paths: [("/", "Prefix", "wild")])
            + "---\n" + F.ingress(name: "any", host: nil, paths: [("/", "Prefix", "any")])
        let table = F.table(yaml)
        #expect(F.backend(table, host: "a.foo.com", path: "/only/x") == "exact")
        // The host bucket is chosen first: a path it lacks is not looked up under the wildcard.
        #expect(F.backend(table, host: "a.foo.com", path: "/other") == "404")
        #expect(F.backend(table, host: "b.foo.com", path: "/other") == "wild")
        #expect(F.backend(table, host: "example.org", path: "/other") == "any")
    }

    @Test func defaultBackendCatchesWhatNoRuleMatchesAndOldestWins() {
        let yaml = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: young, creationTimestamp: "2025-01-01T00:00:00Z"}
            spec:
              defaultBackend: {service: {name: young-default, port: {number: 80}}}
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: old, creationTimestamp: "2020-01-01T00:00:00Z"}
            spec:
              defaultBackend: {service: {name: old-default, port: {number: 80}}}
              rules:
              - host: foo.bar.com
                http:
                  paths:
                  - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}
            """
        let table = F.table(yaml)
        #expect(F.backend(table, path: "/api") == "api")
        #expect(F.backend(table, path: "/nope") == "old-default")
        #expect(F.backend(table, host: "other.org", path: "/") == "old-default")
    }

    @Test func hostRuleWithoutHTTPClaimsTheHostAndFallsToTheDefault() {
        let yaml = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: split}
            spec:
              rules:
              - host: foo.bar.com
              - http:
                  paths:
                  - {path: /, pathType: Prefix, backend: {service: {name: any, port: {number: 80}}}}
            """
        let table = F.table(yaml)
        #expect(F.backend(table, host: "foo.bar.com", path: "/") == "404")
        #expect(F.backend(table, host: "other.org", path: "/") == "any")
    }

    @Test func classesAreSeparateTables() {
        let yaml = """
            apiVersion: networking.k8s.io/v1
            kind: IngressClass
            metadata:
              name: nginx
              annotations: {ingressclass.kubernetes.io/is-default-class: "true"}
            spec: {controller: k8s.io/ingress-nginx}
            ---
            """ + "\n" + F.ingress(name: "nn", paths: [("/", "Prefix", "nn")], className: "nginx")
            + "---\n" + F.ingress(name: "tt", paths: [("/", "Prefix", "tt")], className: "traefik")
            + "---\n" + F.ingress(name: "dd", paths: [("/d", "Prefix", "dd")])
        let table = F.table(yaml)
        #expect(Set(table.classKeys) == ["nginx", "traefik"])
        #expect(F.backend(table, path: "/", className: "traefik") == "tt")
        // The Ingress without a class is adopted by the default class.
        #expect(F.backend(table, path: "/d", className: "nginx") == "dd")
        #expect(F.backend(table, path: "/d", className: "traefik") == "tt")
    }

    @Test func annotationAssignsTheClassWhenTheFieldIsUnset() {
        let yaml = F.ingress(name: "legacy", paths: [("/", "Prefix", "legacy")])
            .replacingOccurrences(of: "  name: legacy\n", with: "  name: legacy\n  annotations: {kubernetes.io/ingress.class: nginx}\n")
        let table = F.table(yaml)
        #expect(table.classKeys == ["nginx"])
        #expect(table.assignments.values.first?.source == .annotation)
    }

    @Test func tlsBindingPrefersExactHostsThenOneLabelWildcards() {
        let yaml = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: tls}
            spec:
              tls:
              - {hosts: ["*.foo.com"], secretName: wild}
              - {hosts: [a.foo.com], secretName: exact}
              rules:
              - host: a.foo.com
                http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: s, port: {number: 80}}}}]}
            """
        let table = F.table(yaml).table(forClass: nil)
        #expect(table?.tlsBinding(for: "a.foo.com:443")?.secretName == "exact")
        #expect(table?.tlsBinding(for: "b.foo.com")?.secretName == "wild")
        #expect(table?.tlsBinding(for: "x.b.foo.com") == nil)
    }
}

extension PrecedenceTests {
    /// Paths match by their bytes, as the API server stores them and nginx matches them: `/café`
    /// in NFC is not the route of a request for `/café` in NFD (Swift's `==` would take them for one).
    @Test func pathsThatDifferOnlyInUnicodeNormalisationAreTwoPaths() {
        let nfc = "/caf\u{E9}"
        let nfd = "/cafe\u{301}"
        let table = F.table(F.ingress(paths: [(nfc, "Exact", "composed"), (nfd + "/", "Prefix", "decomposed")]))
        #expect(F.backend(table, path: nfc) == "composed")
        #expect(F.backend(table, path: nfd) == "decomposed", "Prefix /x/ matches /x; the Exact rule has other bytes")
        #expect(F.backend(table, path: nfd + "/menu") == "decomposed")
        #expect(F.backend(table, path: nfc + "/menu") == "404", "the Prefix rule has other bytes")
    }

    /// A `/` after a prepending character (U+0600) is part of its grapheme: the trailing slash is
    /// still found by its byte.
    @Test func aTrailingSlashIsFoundByItsByte() {
        let table = F.table(F.ingress(paths: [("/\u{600}/", "Prefix", "arabic")]))
        #expect(F.backend(table, path: "/\u{600}/x") == "arabic")
        #expect(F.backend(table, path: "/\u{600}") == "arabic")
    }
}
