import Inventory
import ManifestLoader
import Testing
@testable import Rules

/// Labels and annotations as the API server validates them (ValidateObjectMeta).
@Suite struct MetadataValidationTests {
    func findings(_ yaml: String) -> [Finding] {
        let loaded = ManifestLoader().load(text: yaml, file: "m.yaml")
        return LintEngine().run(RuleContext(inventory: Inventory(loaded.objects), loadIssues: loaded.issues)).findings
            .filter { $0.ruleID == "invalid-metadata" }
    }

    func ingress(annotations: [(String, String)]) -> String {
        let lines = annotations.map { "    \($0.0): \"\($0.1)\"" }.joined(separator: "\n")
        return """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: shop
              annotations:
            \(lines)
            spec:
              defaultBackend: {service: {name: web, port: {number: 80}}}
            """
    }

    /// A 300 KB annotation value passed before; the API server refuses more than 256 KiB in all.
    @Test func annotationsOverTheTotalLimitAreRefused() throws {
        let big = String(repeating: "a", count: 300_000)
        let found = findings(ingress(annotations: [("example.com/small", "x"), ("example.com/blob", big)]))
        #expect(found.count == 1)
        let finding = try #require(found.first)
        #expect(finding.message == "metadata.annotations: Too long: must have at most 262144 bytes")
        #expect(finding.location.line == 7, "at the largest value")
        #expect(finding.hint?.contains("example.com/blob") == true)
        #expect(finding.message.utf8.count < 200 && (finding.hint?.utf8.count ?? 0) < 200, "the value is never quoted")
    }

    /// The one-pass check that lets valid keys skip the spelled-out path must agree with that path
    /// on every key, valid or not.
    @Test(arguments: [
        "app", "app.kubernetes.io/name", "example.com/MyName", "my.name", "123-abc", "a", "A_b-c.D",
        "", "/", "a/", "/a", "-a", "a-", "a.", "_a", "a/b/c", "Example.com/name", "ex_ample.com/name",
        "example..com/name", "-example.com/name", "example.com/-name", "café/name", "example.com/café",
        String(repeating: "a", count: 63), String(repeating: "a", count: 64),
        String(repeating: "a", count: 253) + "/x", String(repeating: "a", count: 254) + "/x",
        "example.com/" + String(repeating: "b", count: 64), "a b", "a\u{301}/b", "K8S.io/x",
    ])
    func theQuickCheckAgreesWithTheSpelledOutOne(key: String) {
        #expect(MetadataValidation.isValidQualifiedName(key) == MetadataValidation.qualifiedNameErrors(key).isEmpty, "\(key)")
    }

    @Test func keysAreLoweredAsGoLowersThem() {
        #expect(MetadataValidation.lowercased("example.com/name") == "example.com/name")
        #expect(MetadataValidation.lowercased("Example.COM/Name") == "example.com/name")
        #expect(MetadataValidation.lowercased("\u{212A}ey") == "key", "the Kelvin sign lowers to k, as Go's ToLower does")
        #expect(MetadataValidation.lowercased("Café") == "café")
    }

    @Test func theLimitCountsKeysAndValuesTogether() {
        let key = "example.com/blob"
        let exact = String(repeating: "a", count: MetadataValidation.totalAnnotationBytes - key.utf8.count)
        #expect(findings(ingress(annotations: [(key, exact)])).isEmpty, "exactly at the limit")
        #expect(findings(ingress(annotations: [(key, exact + "a")])).count == 1, "one byte over")
    }

    @Test func qualifiedNamesAsTheAPIServerChecksThem() {
        #expect(MetadataValidation.qualifiedName("app.kubernetes.io/name").isEmpty)
        #expect(MetadataValidation.qualifiedName("MyName").isEmpty)
        #expect(MetadataValidation.qualifiedName("a/b/c").count == 1)
        #expect(MetadataValidation.qualifiedName("/name") == ["prefix part must be non-empty"])
        #expect(MetadataValidation.qualifiedName("Example.com/x").first?.hasPrefix("prefix part a lowercase RFC 1123 subdomain") == true)
        #expect(MetadataValidation.qualifiedName("example.com/").count == 2, "empty name: non-empty and shape")
        #expect(MetadataValidation.qualifiedName(String(repeating: "a", count: 64)) == ["name part must be no more than 63 characters"])
        #expect(MetadataValidation.labelValue("").isEmpty)
        #expect(MetadataValidation.labelValue("-x").count == 1)
        #expect(MetadataValidation.labelValue(String(repeating: "a", count: 64)) == ["must be no more than 63 characters"])
    }

    /// Annotation keys are checked in lower case; label keys as written, and in both a prefix must
    /// be a lowercase subdomain only for labels.
    @Test func annotationKeysMayHaveCapitals() {
        #expect(findings(ingress(annotations: [("Example.com/Owner", "shop")])).isEmpty)
        let label = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: shop
              labels: {Example.com/Owner: shop}
            spec:
              defaultBackend: {service: {name: web, port: {number: 80}}}
            """
        #expect(findings(label).count == 1)
    }

    /// Go's strings.ToLower turns KELVIN SIGN into `k`: the API server accepts such a key.
    @Test func annotationKeysLowerCaseAsGoDoes() {
        #expect(findings(ingress(annotations: [("\u{212A}ube.example.com/x", "1")])).isEmpty)
        #expect(findings(ingress(annotations: [("caf\u{E9}.example.com/x", "1")])).count == 1)
    }
}
