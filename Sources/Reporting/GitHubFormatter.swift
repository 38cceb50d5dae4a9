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

    private func data(_ value: String) -> String {
        value.replacingAll("%", "%25").replacingAll("\r", "%0D").replacingAll("\n", "%0A")
    }

    private func property(_ value: String) -> String {
        data(value).replacingAll(":", "%3A").replacingAll(",", "%2C")
    }
}

extension String {
    func replacingAll(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
