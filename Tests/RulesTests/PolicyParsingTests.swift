import IngressModel
import StructuredText
import Testing
@testable import Rules

/// `policy:` as users write it: every setting read, every mistake refused at its line and column.
@Suite struct PolicyParsingTests {
    static func parse(_ text: String) throws -> Policy {
        try #require(try LintConfiguration.parse(text, file: "p.yaml", knownRules: Set(BuiltinRules.all.map(\.id))).policy)
    }

    static func failure(_ text: String) -> String {
        do {
            _ = try LintConfiguration.parse(text, file: "p.yaml", knownRules: [])
            return "accepted"
        } catch {
            return "\(error)"
        }
    }

    @Test func readsEverySetting() throws {
        let policy = try Self.parse("""
            policy:
              allowedIngressClasses: [nginx, "internal-*"]
              hosts:
                requireTLS: true
                forbidWildcard: true
                forbidEmpty: false
                maxPerIngress: 2
                uniqueAcrossNamespaces: true
                ownership:
                  - hosts: ["shop.example.com", "*.shop.example.com"]
                    namespaces: [shop, "shop-*"]
                  - hosts: ["*.internal.example.com"]
                    namespaceSelector:
                      matchLabels: {tier: internal}
                      matchExpressions: [{key: team, operator: In, values: [a, b]}]
              forbidDefaultBackend: true
              paths:
                deny: ["/etc", "regex:\\\\.\\\\./"]
              annotations:
                deny: ["nginx.ingress.kubernetes.io/*-snippet"]
                allow: ["nginx.ingress.kubernetes.io/*"]
                denyValueWords: [alias, "{"]
                maxRiskLevel: medium
              exemptNamespaces: [kube-system]
            """)
        #expect(policy.allowedIngressClasses?.value.map(\.text) == ["nginx", "internal-*"])
        #expect(policy.allowedIngressClasses?.location.line == 2)
        #expect(policy.requireTLS?.value == true && policy.forbidEmptyHosts?.value == false)
        #expect(policy.maxHostsPerIngress?.value == 2 && policy.maxHostsPerIngress?.field == "policy.hosts.maxPerIngress")
        #expect(policy.ownership.count == 2 && policy.ownership[1].field == "policy.hosts.ownership[1]")
        #expect(policy.ownership[1].namespaceSelector?.matches(["tier": "internal", "team": "b"]) == true)
        #expect(policy.ownership[1].namespaceSelector?.matches(["tier": "internal", "team": "c"]) == false)
        #expect(policy.owner(of: "SHOP.example.com")?.field == "policy.hosts.ownership[0]")
        #expect(policy.owner(of: "a.b.shop.example.com")?.field == "policy.hosts.ownership[0]")
        #expect(policy.owner(of: "*.example.com")?.field == "policy.hosts.ownership[0]", "a wildcard over an owned host falls under its entry")
        #expect(policy.owner(of: "example.com") == nil)
        // A wildcard is judged by every entry naming a host it covers, not only the first match.
        let wide = try Self.parse("""
            policy:
              hosts:
                ownership:
                  - {hosts: [shop.example.com], namespaces: [shop]}
                  - {hosts: [blog.example.com], namespaces: [blog]}
                  - {hosts: ["*.internal.example.com"], namespaces: [ops]}
            """)
        #expect(wide.owners(of: "*.example.com").map(\.field) == ["policy.hosts.ownership[0]", "policy.hosts.ownership[1]"])
        #expect(wide.owners(of: "shop.example.com").map(\.field) == ["policy.hosts.ownership[0]"])
        #expect(policy.deniedPaths.map { $0.value.matches("/etc/passwd") } == [true, false])
        #expect(policy.deniedPaths.map { $0.value.matches("//etc") } == [true, false])
        #expect(policy.deniedPaths.map { $0.value.matches("/a/../b") } == [false, true])
        #expect(policy.deniedPaths.map { $0.value.matches("/api") } == [false, false])
        #expect(policy.maxRiskLevel?.value == .medium)
        #expect(policy.exempts(namespace: "kube-system") && !policy.exempts(namespace: "shop"))
        #expect(policy.deniedAnnotations[0].value.matches("nginx.ingress.kubernetes.io/server-snippet"))
        #expect(!policy.deniedAnnotations[0].value.matches("nginx.ingress.kubernetes.io/rewrite-target"))
    }

    @Test(arguments: [
        ("policy:\n  hosts:\n    requireTSL: true\n", "p.yaml:3:5: unknown setting \"policy.hosts.requireTSL\""),
        ("policy:\n  forbidDefaultBackend: \"yes\"\n", "p.yaml:2:25: `policy.forbidDefaultBackend` must be true or false"),
        ("policy:\n  hosts: {maxPerIngress: 0}\n", "p.yaml:2:26: `policy.hosts.maxPerIngress` must be a whole number of at least 1"),
        ("policy:\n  allowedIngressClasses: nginx\n", "p.yaml:2:26: `policy.allowedIngressClasses` must be a list of strings"),
        ("policy:\n  exemptNamespaces: [\"kube-[system\"]\n", "p.yaml:2:22: `policy.exemptNamespaces`: \"kube-[system\" opens a [set] it never closes"),
        ("policy:\n  paths: {deny: [\"regex:(a\"]}\n", "p.yaml:2:18: `policy.paths.deny`: the regular expression (a does not compile"),
        ("policy:\n  paths: {deny: [\"regex:(a+)+$\"]}\n", "p.yaml:2:18: `policy.paths.deny`: the pattern (a+)+$ may backtrack exponentially"),
        ("policy:\n  paths: {deny: [etc]}\n", "p.yaml:2:18: `policy.paths.deny`: a denied path prefix starts with /"),
        ("policy:\n  annotations: {maxRiskLevel: Severe}\n", "p.yaml:2:31: `policy.annotations.maxRiskLevel` must be Low, Medium, High or Critical"),
        ("policy:\n  annotations: {denyValueWords: [\"\"]}\n", "p.yaml:2:34: `policy.annotations.denyValueWords`: an empty word is in every value"),
        ("policy:\n  hosts:\n    ownership:\n      - hosts: [a.example.com]\n", "p.yaml:4:9: `policy.hosts.ownership[0]` needs `namespaces`"),
        ("policy:\n  hosts:\n    ownership:\n      - hosts: [a.example.com]\n        namespaceSelector:\n          matchExpressions: [{key: t, operator: Near}]\n",
         "p.yaml:6:49: `operator` must be one of In, NotIn, Exists, DoesNotExist"),
        ("policy: [a]\n", "p.yaml:1:9: `policy` must be a mapping"),
        ("policy:\n  hosts:\n    ownership:\n      - hosts: [a.example.com]\n        namespaceSelector:\n          matchExpressions: [{key: t, operator: In, value: [x]}]\n",
         "p.yaml:6:53: unknown setting \"value\" in"),
    ])
    func refusesWhatItCannotTakeAsWritten(text: String, expected: String) {
        let message = Self.failure(text)
        #expect(message.hasPrefix(expected), "\(message)")
    }

    @Test func globsMatchAsShellPatternsDo() throws {
        let cases: [(String, String, Bool)] = [
            ("shop-*", "shop-eu", true), ("shop-*", "shop", false), ("*", "", true), ("a?c", "abc", true), ("a?c", "ac", false),
            ("[a-c]x", "bx", true), ("[!a-c]x", "bx", false), ("*.example.com", "a.b.example.com", true), ("*-snippet", "x/server-snippet", true),
            ("*a*a*a*a*a*b", String(repeating: "a", count: 200), false),
        ]
        for (pattern, value, expected) in cases {
            #expect(try PolicyGlob(pattern).matches(value) == expected, "\(pattern) ~ \(value)")
        }
        #expect(try PolicyGlob("Shop.Example.com", ignoresCase: true).matches("shop.EXAMPLE.com"))
        #expect(throws: PolicyGlob.SyntaxError.self) { try PolicyGlob("[z-a]") }
        #expect(throws: PolicyGlob.SyntaxError.self) { try PolicyGlob("") }
    }
}
