import IngressModel
import Rules

/// JUnit XML: one testsuite per file, one testcase per object, one failure per finding. Findings
/// outside any object (syntax errors) belong to a testcase named after the file.
public struct JUnitFormatter: ReportFormatter {
    public init() {}

    public func render(_ report: Report) -> String {
        var byFile: [String: [String: [Finding]]] = [:]
        for finding in report.findings {
            let testcase = finding.object.map { "\($0.kind) \($0.qualifiedName)" } ?? "(file)"
            byFile[finding.location.file, default: [:]][testcase, default: []].append(finding)
        }
        var output = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let total = report.findings.count
        output += "<testsuites name=\"ingress-guard\" tests=\"\(max(total, 1))\" failures=\"\(total)\">\n"
        if byFile.isEmpty {
            output += "  <testsuite name=\"ingress-guard\" tests=\"1\" failures=\"0\">\n"
            output += "    <testcase classname=\"ingress-guard\" name=\"lint (\(report.fileCount) files, \(report.objectCount) objects)\"/>\n"
            output += "  </testsuite>\n"
        }
        for file in byFile.keys.sorted() {
            let cases = byFile[file] ?? [:]
            let failures = cases.values.reduce(0) { $0 + $1.count }
            output += "  <testsuite name=\"\(escape(file))\" tests=\"\(cases.count)\" failures=\"\(failures)\">\n"
            for name in cases.keys.sorted() {
                output += "    <testcase classname=\"\(escape(file))\" name=\"\(escape(name))\">\n"
                for finding in cases[name] ?? [] {
                    var body = "\(finding.location): \(finding.message)"
                    if let hint = finding.hint { body += "\nhint: \(hint)" }
                    output += "      <failure type=\"\(escape(finding.ruleID))\" message=\"\(escape("\(finding.severity.rawValue)[\(finding.ruleID)]: \(finding.message)"))\">\(escape(body))</failure>\n"
                }
                output += "    </testcase>\n"
            }
            output += "  </testsuite>\n"
        }
        output += "</testsuites>\n"
        return output
    }

    private func escape(_ value: String) -> String {
        var output = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&apos;"
            default:
                // XML 1.0 cannot carry most control characters, even escaped.
                if scalar.value < 0x20 && scalar != "\n" && scalar != "\t" && scalar != "\r" { output += "?" } else { output.unicodeScalars.append(scalar) }
            }
        }
        return output
    }
}
