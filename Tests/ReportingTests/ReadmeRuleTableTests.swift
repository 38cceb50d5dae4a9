import Foundation
import Testing
@testable import Reporting
@testable import Rules

/// The README's rule table is generated from the catalog (`ingress-guard rules list --format markdown`).
@Suite struct ReadmeRuleTableTests {
    @Test func readmeTableMatchesCatalog() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let begin = "<!-- rules-table:begin -->\n"
        let end = "<!-- rules-table:end -->"
        let start = try #require(readme.range(of: begin), "README has no rules table markers")
        let stop = try #require(readme.range(of: end, range: start.upperBound..<readme.endIndex))
        let table = String(readme[start.upperBound..<stop.lowerBound])
        #expect(table == RuleCatalogFormatter.markdownTable(.shared), "regenerate with: swift run ingress-guard rules list --format markdown")
    }
}
