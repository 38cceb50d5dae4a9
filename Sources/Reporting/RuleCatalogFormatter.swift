import Rules
import StructuredText

/// Renders the rule catalog for `ingress-guard rules` and the README table.
public enum RuleCatalogFormatter {
    /// The README's rule table; a test keeps the README in step with it.
    public static func markdownTable(_ catalog: RuleCatalog) -> String {
        var lines = ["| Rule | Category | Severity | What it finds |", "|---|---|---|---|"]
        for rule in catalog.rules {
            lines.append("| [`\(rule.id)`](\(rule.documentationPath)) | \(rule.category) | \(rule.severity.rawValue) | \(rule.title.replacingAll("|", "\\|")) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func textList(_ catalog: RuleCatalog) -> String {
        let width = catalog.rules.map(\.id.count).max() ?? 0
        return catalog.rules.map { rule in
            let padded = rule.id + String(repeating: " ", count: width - rule.id.count)
            let severity = rule.severity.rawValue + String(repeating: " ", count: 7 - rule.severity.rawValue.count)
            return "\(padded)  \(severity)  \(rule.category.padding(11))  \(rule.title)"
        }.joined(separator: "\n") + "\n"
    }

    public static func jsonList(_ catalog: RuleCatalog) -> String {
        JSONValue.array(catalog.rules.map(json)).serialized() + "\n"
    }

    public static func json(_ rule: RuleMetadata) -> JSONValue {
        .object([
            ("id", .string(rule.id)), ("title", .string(rule.title)), ("category", .string(rule.category)),
            ("severity", .string(rule.severity.rawValue)), ("description", .string(rule.description)),
            ("fix", .string(rule.fix)), ("documentation", .string(rule.documentationPath)),
        ])
    }

    /// An example's policy, when it has one, before its manifest.
    static func policy(_ example: RuleMetadata.Example) -> String {
        example.policyText.map { "  with, in .ingress-guard.yaml:\n" + indent($0) + "  and:\n" } ?? ""
    }

    public static func text(_ rule: RuleMetadata) -> String {
        var output = "\(rule.id) (\(rule.category), \(rule.severity.rawValue))\n\(rule.title)\n\n"
        output += rule.description.trimmingTrailingNewlines + "\n\nFix:\n" + rule.fix.trimmingTrailingNewlines + "\n"
        for example in rule.badExamples {
            output += "\nBad (\(example.findings) finding\(example.findings == 1 ? "" : "s")):\n" + policy(example) + indent(example.manifest)
        }
        for example in rule.goodExamples {
            output += "\nGood:\n" + policy(example) + indent(example.manifest)
        }
        return output
    }

    public static func markdown(_ rule: RuleMetadata) -> String {
        var output = "## `\(rule.id)`\n\n**\(rule.title)** — \(rule.category), default severity \(rule.severity.rawValue)\n\n"
        output += rule.description.trimmingTrailingNewlines + "\n\n**Fix:** " + rule.fix.trimmingTrailingNewlines + "\n"
        func policyBlock(_ example: RuleMetadata.Example) -> String {
            example.policyText.map { "\nWith, in `.ingress-guard.yaml`:\n\n```yaml\n\($0)\n```\n" } ?? ""
        }
        for example in rule.badExamples { output += "\nBad:\n" + policyBlock(example) + "\n```yaml\n\(example.manifest.trimmingTrailingNewlines)\n```\n" }
        for example in rule.goodExamples { output += "\nGood:\n" + policyBlock(example) + "\n```yaml\n\(example.manifest.trimmingTrailingNewlines)\n```\n" }
        return output
    }

    private static func indent(_ text: String) -> String {
        text.trimmingTrailingNewlines.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n") + "\n"
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
