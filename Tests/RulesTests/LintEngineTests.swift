import Inventory
import ManifestLoader
import Testing
@testable import Rules

@Suite struct LintEngineTests {
    static let manifest = """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: web
          annotations:
            ingress-guard.io/ignore: "invalid-host"
        spec:
          rules:
          - host: Web.example.com
            http:
              paths:
              - path: /
                pathType: prefix
                backend: {service: {name: web, port: {number: 80}}}
        """

    func context(_ text: String = manifest, options: LintOptions = LintOptions()) -> RuleContext {
        let loaded = ManifestLoader().load(text: text, file: "web.yaml")
        return RuleContext(inventory: Inventory(loaded.objects), loadIssues: loaded.issues, options: options)
    }

    @Test func ignoreAnnotationSuppressesAndCounts() {
        let result = LintEngine().run(context())
        #expect(!result.findings.contains { $0.ruleID == "invalid-host" })
        #expect(result.suppressed.contains { $0.ruleID == "invalid-host" })
        #expect(result.findings.contains { $0.ruleID == "invalid-path-type" })
    }

    /// Each finding on an Ingress says which profile judged it, named or not: an Ingress without a
    /// name (a template's, or generateName) is not in the inventory's by-name index.
    @Test func findingsCarryTheProfileThatJudgedTheirIngressNamedOrNot() {
        let unnamed = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              generateName: web-
              annotations: {traefik.ingress.kubernetes.io/router.entrypoints: websecure}
            spec:
              rules:
              - host: Web.example.com
                http:
                  paths:
                  - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
            """
        let result = LintEngine().run(context(Self.manifest + "\n---\n" + unnamed))
        let onUnnamed = result.findings.filter { $0.object?.name == "" && $0.ruleID == "invalid-host" }
        #expect(!onUnnamed.isEmpty)
        #expect(onUnnamed.allSatisfy { $0.judgedBy?.profile.id == "traefik" })
        let onNamed = result.findings.filter { $0.object?.name == "web" }
        #expect(!onNamed.isEmpty)
        #expect(onNamed.allSatisfy { $0.judgedBy != nil })
        #expect(result.judgements.map(\.ingress.name) == ["web", ""])
    }

    @Test func disabledRulesAreSuppressedNotLost() {
        let result = LintEngine(disabled: ["invalid-path-type"]).run(context())
        #expect(!result.findings.contains { $0.ruleID == "invalid-path-type" })
        #expect(result.suppressed.contains { $0.ruleID == "invalid-path-type" })
    }

    @Test func configurationOverridesSeverityAndEnableWinsOverOff() throws {
        let configuration = try LintConfiguration.parse(
            "rules:\n  invalid-path-type: {severity: warning}\n  service-not-found: off\n",
            file: ".ingress-guard.yaml", knownRules: Set(BuiltinRules.all.map(\.id)))
        let result = LintEngine(configuration: configuration).run(context())
        #expect(result.findings.first { $0.ruleID == "invalid-path-type" }?.severity == .warning)
        #expect(!result.findings.contains { $0.ruleID == "service-not-found" })
        let enabled = LintEngine(configuration: configuration, enabled: ["service-not-found"]).run(context())
        #expect(enabled.findings.contains { $0.ruleID == "service-not-found" })
    }

    @Test func configurationErrorsNameFileAndLine() {
        #expect {
            try LintConfiguration.parse("rules:\n  no-such-rule: off\n", file: "c.yaml", knownRules: ["a"])
        } throws: { error in
            "\(error)".hasPrefix("c.yaml:2:3: unknown rule")
        }
    }

    @Test func deprecatedAPIVersionIsAWarningBelow122() {
        let legacy = """
            apiVersion: extensions/v1beta1
            kind: Ingress
            metadata: {name: old}
            spec:
              backend: {serviceName: web, servicePort: 80}
            """
        let old = LintEngine().run(context(legacy, options: LintOptions(kubeVersion: KubeVersion(major: 1, minor: 21))))
        #expect(old.findings.first { $0.ruleID == "deprecated-api-version" }?.severity == .warning)
        let new = LintEngine().run(context(legacy))
        #expect(new.findings.first { $0.ruleID == "deprecated-api-version" }?.severity == .error)
    }

    @Test func strictReferencesTurnMissingObjectsIntoErrors() {
        let lax = LintEngine().run(context())
        #expect(lax.findings.first { $0.ruleID == "service-not-found" }?.severity == .info)
        let strict = LintEngine().run(context(options: LintOptions(strictReferences: true)))
        #expect(strict.findings.first { $0.ruleID == "service-not-found" }?.severity == .error)
    }

    @Test func findingsAreInReportOrder() {
        let result = LintEngine().run(context())
        let lines = result.findings.map(\.location.line)
        #expect(lines == lines.sorted())
    }

    @Test func kubeVersionParsing() {
        #expect(KubeVersion(parsing: "1.31")?.minor == 31)
        #expect(KubeVersion(parsing: "v1.21.3")?.minor == 21)
        #expect(KubeVersion(parsing: "1") == nil)
        #expect(KubeVersion(parsing: "one.two") == nil)
    }
}
