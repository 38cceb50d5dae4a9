import CertificateFixtures
import Foundation
import IngressModel
import Inventory
import ManifestLoader
import Testing
@testable import Rules
import Routing

/// The rules/ files are the test grid: every bad example produces exactly its declared findings of
/// that rule, every good example none. Each rule runs alone with a context that holds only the
/// inputs it declares, so a rule that reads what it did not declare misses its bad examples.
@Suite struct RuleExamplesTests {
    static let catalog = RuleCatalog.shared

    /// TLS material in examples is written as `<<cert:NAME>>`/`<<key:NAME>>` and generated here.
    static func run(_ example: RuleMetadata.Example, file: String, rule id: String) throws -> LintResult {
        let rule = try #require(BuiltinRules.all.first { $0.id == id }, "no rule \(id) in code")
        let loaded = ManifestLoader().load(text: CertificateFixtures.expand(example.manifest), file: file)
        var options = LintOptions()
        options.clusterState = example.clusterState
        options.strictReferences = example.clusterState
        options.probes = example.probes
        options.policy = example.policy
        for (className, profile) in example.controllers {
            try options.controllers.add(className: className, profileID: profile, origin: "\(file) controllers")
        }
        let engine = LintEngine(rules: [rule])
        let context = RuleContext(inventory: Inventory(loaded.objects), loadIssues: loaded.issues, options: options, needs: rule.declaration.inputs)
        return engine.run(context)
    }

    static var badCases: [(String, Int)] {
        catalog.rules.flatMap { rule in rule.badExamples.indices.map { (rule.id, $0) } }
    }

    static var goodCases: [(String, Int)] {
        catalog.rules.flatMap { rule in rule.goodExamples.indices.map { (rule.id, $0) } }
    }

    @Test(arguments: badCases)
    func badExampleFiresExactlyItsDeclaredFindings(id: String, index: Int) throws {
        let rule = try #require(Self.catalog.rule(id))
        let example = rule.badExamples[index]
        let result = try Self.run(example, file: "rules/\(id).yaml#bad\(index)", rule: id)
        let own = result.findings.filter { $0.ruleID == id }
        #expect(own.count == example.findings, "\(id) bad[\(index)]: \(own.map(\.message))")
        #expect(own.allSatisfy { $0.location.line >= 1 && $0.location.column >= 1 })
        for (expected, finding) in zip(example.expected, own) {
            #expect(finding.location.line == expected.line, "\(id) bad[\(index)]: \(finding.message) at line \(finding.location.line)")
            if let field = expected.field { #expect(finding.field == field, "\(id) bad[\(index)]: \(finding.message) on \(finding.field ?? "no field")") }
            if let severity = expected.severity { #expect(finding.severity == severity, "\(id) bad[\(index)]: \(finding.message) is \(finding.severity)") }
        }
    }

    @Test(arguments: goodCases)
    func goodExampleStaysSilent(id: String, index: Int) throws {
        let rule = try #require(Self.catalog.rule(id))
        let result = try Self.run(rule.goodExamples[index], file: "rules/\(id).yaml#good\(index)", rule: id)
        let own = result.findings.filter { $0.ruleID == id }
        #expect(own.isEmpty, "\(id) good[\(index)]: \(own.map(\.message))")
    }

    @Test func everyRuleHasABadAndAGoodExample() {
        for rule in Self.catalog.rules {
            #expect(!rule.badExamples.isEmpty, "\(rule.id) has no bad example")
            #expect(!rule.goodExamples.isEmpty, "\(rule.id) has no good example")
            #expect(rule.badExamples.allSatisfy { $0.findings > 0 }, "\(rule.id): a bad example must declare findings")
        }
    }
}
