import Inventory
import ManifestLoader
import Testing
@testable import Rules

@Suite struct RoutingRuleTests {
    func findings(_ yaml: String, rule: String) -> [Finding] {
        let loaded = ManifestLoader().load(text: yaml, file: "r.yaml")
        return LintEngine().run(RuleContext(inventory: Inventory(loaded.objects), loadIssues: loaded.issues)).findings.filter { $0.ruleID == rule }
    }

    static func ingress(_ name: String, service: String, port: String = "number: 80", className: String? = nil, namespace: String = "default") -> String {
        """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: \(name), namespace: \(namespace)}
        spec:
        \(className.map { "  ingressClassName: \($0)\n" } ?? "")  rules:
          - host: shop.example.com
            http:
              paths:
              - {path: /api, pathType: Prefix, backend: {service: {name: \(service), port: {\(port)}}}}
        """
    }

    @Test func anIngressNeverConflictsWithItsOwnEarlierVersion() {
        let yaml = Self.ingress("web", service: "v1") + "\n---\n" + Self.ingress("web", service: "v2")
        #expect(findings(yaml, rule: "host-path-conflict").isEmpty)
        #expect(findings(yaml, rule: "duplicate-object").count == 1)
    }

    @Test func conflictNamesBothIngressesAndTheWinner() throws {
        let yaml = Self.ingress("b-new", service: "v2") + "\n---\n" + Self.ingress("a-old", service: "v1")
        let conflict = try #require(findings(yaml, rule: "host-path-conflict").first)
        #expect(conflict.object?.name == "b-new")
        #expect(conflict.message.contains("default/a-old, which wins"))
        #expect(conflict.related.first?.object?.name == "a-old")
        #expect(conflict.related.first?.location.line == 19)
    }

    @Test func differentClassesNeverConflict() {
        let yaml = Self.ingress("a", service: "v1", className: "nginx") + "\n---\n" + Self.ingress("b", service: "v2", className: "traefik")
        #expect(findings(yaml, rule: "host-path-conflict").isEmpty)
        #expect(findings(yaml, rule: "cross-namespace-host").isEmpty)
    }

    @Test func aNamedPortAndItsNumberAreTheSameBackend() {
        let service = "\n---\napiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec: {ports: [{name: http, port: 80}]}\n"
        let yaml = Self.ingress("a", service: "api", port: "name: http") + "\n---\n" + Self.ingress("b", service: "api") + service
        #expect(findings(yaml, rule: "host-path-conflict").isEmpty)
        #expect(findings(yaml, rule: "duplicate-route").count == 1)
    }

    @Test func crossNamespaceHostsAreReportedOnceOnTheNewcomer() throws {
        let yaml = Self.ingress("shop", service: "web", namespace: "shop") + "\n---\n" + Self.ingress("promo", service: "promo", namespace: "marketing")
            .replacingOccurrences(of: "namespace: marketing}", with: "namespace: marketing, creationTimestamp: \"2030-01-01T00:00:00Z\"}")
            .replacingOccurrences(of: "/api", with: "/promo")
        let yamlWithOwnerTime = yaml.replacingOccurrences(of: "namespace: shop}", with: "namespace: shop, creationTimestamp: \"2020-01-01T00:00:00Z\"}")
        let found = findings(yamlWithOwnerTime, rule: "cross-namespace-host")
        #expect(found.count == 1)
        #expect(found.first?.object?.namespace == "marketing")
    }
}

@Suite struct ReviewRegressionTests {
    func findings(_ yaml: String) -> [Finding] {
        let loaded = ManifestLoader().load(text: yaml, file: "r.yaml")
        return LintEngine().run(RuleContext(inventory: Inventory(loaded.objects), loadIssues: loaded.issues)).findings
    }

    @Test func emptyHTTPPathsAreRequired() {
        let found = findings("""
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: web}
            spec:
              rules: [{host: foo.com, http: {paths: []}}, {host: bar.com, http: {}}]
            """)
        #expect(found.filter { $0.message.hasSuffix(".paths: Required value") }.count == 2)
    }

    @Test func anEmptyNamespaceMeansTheDefaultOne() {
        let found = findings("""
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: web, namespace: ""}
            spec: {defaultBackend: {service: {name: web, port: {number: 80}}}}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec: {ports: [{port: 80}]}
            """)
        #expect(!found.contains { $0.ruleID == "invalid-name" || $0.ruleID == "service-not-found" })
    }

    @Test func aNullCreationTimestampIsNoTimestamp() {
        let yaml = RoutingRuleTests.ingress("zeta", service: "z").replacingOccurrences(of: "name: zeta,", with: "name: zeta, creationTimestamp: null,")
            + "\n---\n" + RoutingRuleTests.ingress("alpha", service: "a")
        let conflict = findings(yaml).first { $0.ruleID == "host-path-conflict" }
        #expect(conflict?.object?.name == "zeta", "alpha wins by name; zeta's null timestamp must not make it older")
    }

    @Test func aMissingPathTypeStopsValidationOfThatPath() {
        let found = findings("""
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: web}
            spec:
              rules: [{http: {paths: [{path: /, backend: {service: {name: Bad_Name, port: {number: 0}}}}]}}]
            """)
        #expect(found.contains { $0.ruleID == "missing-path-type" })
        #expect(!found.contains { $0.ruleID == "invalid-backend" })
    }

    @Test func aCatchAllWithoutPathConflictsWithSlash() {
        let legacy = """
            apiVersion: networking.k8s.io/v1beta1
            kind: Ingress
            metadata: {name: old}
            spec:
              rules: [{host: shop.example.com, http: {paths: [{backend: {serviceName: one, servicePort: 80}}]}}]
            """
        let current = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: new}
            spec:
              rules: [{host: shop.example.com, http: {paths: [{path: /, pathType: ImplementationSpecific, backend: {service: {name: two, port: {number: 80}}}}]}}]
            """
        #expect(findings(legacy + "\n---\n" + current).contains { $0.ruleID == "host-path-conflict" })
    }

    @Test func theLastDefinitionOfAnObjectIsTheOneAnalysed() {
        let yaml = RoutingRuleTests.ingress("web", service: "v1") + "\n---\n"
            + RoutingRuleTests.ingress("web", service: "v2").replacingOccurrences(of: "shop.example.com", with: "Shop.Example.com")
        let found = findings(yaml)
        #expect(found.contains { $0.ruleID == "invalid-host" && $0.location.line > 10 })
        #expect(found.contains { $0.ruleID == "duplicate-object" })
    }

    @Test func mergeKeysStayLinear() {
        let keys = (0..<20_000).map { "k\($0): v" }.joined(separator: ", ")
        let started = ContinuousClock.now
        let loaded = ManifestLoader().load(text: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: m}\ndata: {<<: {\(keys)}}\n", file: "m.yaml")
        #expect(ContinuousClock.now - started < .seconds(3))
        #expect(loaded.objects.count + loaded.issues.count >= 1)
    }
}

extension RoutingRuleTests {
    /// The same path written NFC in one Ingress and NFD in another is two paths to the API server:
    /// neither a duplicate route nor a conflict.
    @Test func pathsThatDifferOnlyInUnicodeNormalisationAreNoDuplicate() {
        let composed = Self.ingress("a", service: "web").replacingOccurrences(of: "path: /api", with: "path: /caf\u{E9}")
        let decomposed = Self.ingress("b", service: "web").replacingOccurrences(of: "path: /api", with: "path: /cafe\u{301}")
        let yaml = composed + "\n---\n" + decomposed
        #expect(findings(yaml, rule: "duplicate-route").isEmpty)
        let sameBytes = composed + "\n---\n" + composed.replacingOccurrences(of: "name: a,", with: "name: b,")
        #expect(findings(sameBytes, rule: "duplicate-route").count == 1)
    }
}

/// path-unsafe-characters tells plain paths by their bytes before naming problems character by
/// character: the two must agree on every ASCII character.
@Suite struct PathCharacterTests {
    @Test func theByteCheckAgreesWithTheNamedProblems() {
        for byte in UInt8(0)..<0x80 {
            let path = "/a" + String(UnicodeScalar(byte)) + "b"
            #expect(PathUnsafeCharactersRule.isPlain(byte) == PathUnsafeCharactersRule.problems(in: path).isEmpty, "byte \(byte)")
        }
        #expect(PathUnsafeCharactersRule.problems(in: "/a%2Fb").isEmpty)
        #expect(PathUnsafeCharactersRule.problems(in: "/caf\u{E9}") == ["non-ASCII 'é'"])
    }
}

