import Foundation
import Testing
@testable import Rules

/// Code, rules/ files and the embedded catalog must describe the same set of rules.
@Suite struct RuleCatalogSyncTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func ruleFiles() throws -> [String: String] {
        let directory = Self.root.appendingPathComponent("rules")
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where name.hasSuffix(".yaml") {
            files[String(name.dropLast(5))] = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        }
        return files
    }

    @Test func everyRuleInCodeHasAFileAndEveryFileARule() throws {
        let codeIDs = Set(BuiltinRules.all.map(\.id))
        let fileIDs = Set(try ruleFiles().keys)
        #expect(codeIDs.subtracting(fileIDs).isEmpty, "rules without a rules/ file: \(codeIDs.subtracting(fileIDs).sorted())")
        #expect(fileIDs.subtracting(codeIDs).isEmpty, "rules/ files without a rule: \(fileIDs.subtracting(codeIDs).sorted())")
        #expect(codeIDs.count == BuiltinRules.all.count, "duplicate rule ids in BuiltinRules.all")
    }

    @Test func everyDeclarationMatchesItsRuleFile() throws {
        for rule in BuiltinRules.all {
            let metadata = try #require(RuleCatalog.shared.rule(rule.id), "no rules/\(rule.id).yaml")
            #expect(rule.declaration.category.rawValue == metadata.category, "\(rule.id): category \(rule.declaration.category) in code, \(metadata.category) in rules/")
            #expect(rule.declaration.severity == metadata.severity, "\(rule.id): severity \(rule.declaration.severity) in code, \(metadata.severity) in rules/")
        }
    }

    @Test func builtinRulesAreInAlphabeticalOrder() {
        let ids = BuiltinRules.all.map(\.id)
        #expect(ids == ids.sorted())
    }

    @Test func embeddedCatalogMatchesRulesDirectory() throws {
        let files = try ruleFiles()
        let embedded = Dictionary(RuleDocuments.all.map { ($0.id, $0.yaml) }, uniquingKeysWith: { first, _ in first })
        #expect(Set(embedded.keys) == Set(files.keys), "the RuleCatalogPlugin embeds every rules/ file")
        for (id, text) in files {
            #expect(embedded[id] == text.trimmingTrailingNewlinesForTest, "rules/\(id).yaml is not embedded as written")
        }
    }

    @Test func everyRuleFileParsesAndNamesItself() throws {
        #expect(RuleCatalog.shared.problems.isEmpty, "\(RuleCatalog.shared.problems)")
        for (id, text) in try ruleFiles() {
            let metadata = try RuleCatalog.parse(text, file: "rules/\(id).yaml")
            #expect(metadata.id == id, "rules/\(id).yaml declares id \(metadata.id)")
        }
    }
}

extension String {
    var trimmingTrailingNewlinesForTest: String {
        var copy = self
        while copy.hasSuffix("\n") { copy.removeLast() }
        return copy
    }
}
