import IngressModel
import Rules

/// Compiler-style text: `file:line:column: severity[rule]: message`, the source line with a caret,
/// then hints and related locations. Colour only when asked (a TTY without NO_COLOR).
public struct TextFormatter: ReportFormatter {
    public var colour: Bool

    public init(colour: Bool = false) {
        self.colour = colour
    }

    private func paint(_ text: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }

    private func label(_ severity: Severity) -> String {
        switch severity {
        case .error: return paint("error", "1;31")
        case .warning: return paint("warning", "1;33")
        case .info: return paint("info", "1;36")
        }
    }

    /// Control characters from a manifest (ESC, BEL, CR…) are shown escaped, never sent to the terminal.
    static func visible(_ text: String) -> String {
        var output = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 && scalar != "\t" || scalar.value == 0x7F {
                output += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    public func render(_ report: Report) -> String {
        var output = ""
        for finding in report.findings {
            output += "\(paint(Self.visible(finding.location.description), "1")): \(label(finding.severity))[\(finding.ruleID)]: \(Self.visible(finding.message))\n"
            if let rawLine = report.sourceLine(finding.location) {
                let line = Self.visible(rawLine)
                let number = String(finding.location.line)
                let gutter = String(repeating: " ", count: number.count)
                let caretOffset = line.prefix(max(0, finding.location.column - 1)).map { $0 == "\t" ? "\t" : " " }.joined()
                output += " \(number) | \(line)\n"
                output += " \(gutter) | \(caretOffset)\(paint("^", "1;32"))\n"
            }
            if let hint = finding.hint { output += "  = hint: \(Self.visible(hint))\n" }
            for related in finding.related {
                output += "  = note: \(Self.visible(related.location.description)): \(Self.visible(related.message))\n"
            }
        }
        output += summary(report) + "\n"
        return output
    }

    func summary(_ report: Report) -> String {
        func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
        var text = "\(plural(report.count(.error), "error")), \(plural(report.count(.warning), "warning")), \(report.count(.info)) info"
        if report.suppressedCount > 0 { text += " (\(report.suppressedCount) suppressed)" }
        text += " in \(plural(report.fileCount, "file")), \(plural(report.objectCount, "object"))"
        if report.ignoredCount > 0 { text += " (\(report.ignoredCount) of other kinds ignored)" }
        return text
    }
}
