import Rules

/// GitHub Actions workflow commands, which annotate the pull request diff.
public struct GitHubFormatter: ReportFormatter {
    public init() {}

    public func render(_ report: Report) -> String {
        var output = ""
        for finding in report.findings {
            let command: String
            switch finding.severity {
            case .error: command = "error"
            case .warning: command = "warning"
            case .info: command = "notice"
            }
            var message = finding.message
            if let hint = finding.hint { message += "\nhint: \(hint)" }
            output += "::\(command) file=\(property(finding.location.file)),line=\(finding.location.line),col=\(finding.location.column),title=\(property(finding.ruleID))::\(data(message))\n"
        }
        return output
    }

    /// Escaped scalar by scalar: a CRLF pair is one Character, and must not slip through.
    private func data(_ value: String) -> String { escape(value, extra: [:]) }

    private func property(_ value: String) -> String { escape(value, extra: [":": "%3A", ",": "%2C"]) }

    private func escape(_ value: String, extra: [Unicode.Scalar: String]) -> String {
        var output = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "%": output += "%25"
            case "\r": output += "%0D"
            case "\n": output += "%0A"
            default:
                if let replacement = extra[scalar] { output += replacement } else { output.unicodeScalars.append(scalar) }
            }
        }
        return output
    }
}

extension String {
    func replacingAll(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
