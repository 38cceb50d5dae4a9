import IngressModel
import Rules
import StructuredText

/// GitLab's Code Quality report (`--format codequality`): a JSON array of issues with
/// `description`, `check_name`, `fingerprint`, `severity` and `location.path`/`location.lines.begin`,
/// the fields GitLab documents as required for the merge request widget.
public struct CodeQualityFormatter: ReportFormatter {
    public init() {}

    public func render(_ report: Report) -> String {
        var seen: [String: Int] = [:]
        let issues = report.findings.map { finding -> JSONValue in
            let path = Self.path(finding.location.file)
            // What the finding is about, not where it stands: an edit above it must not make it new.
            let object = finding.object.map { "\($0.kind)/\($0.namespace)/\($0.name)" } ?? "\(finding.location.line)"
            let identity = "\(finding.ruleID)\u{0}\(path)\u{0}\(object)\u{0}\(finding.field ?? "")"
            // Two identical findings still need two fingerprints: GitLab drops repeats.
            let occurrence = seen[identity, default: 0]
            seen[identity] = occurrence + 1
            var description = finding.message
            if let hint = finding.hint { description += " (hint: \(hint))" }
            return .object([
                ("description", .string(description)),
                ("check_name", .string(finding.ruleID)),
                ("fingerprint", .string(Self.fingerprint(identity + "\u{0}\(occurrence)"))),
                ("severity", .string(Self.severity(finding.severity))),
                ("location", .object([
                    ("path", .string(path)),
                    ("lines", .object([("begin", .number(finding.location.line))])),
                ])),
            ])
        }
        return JSONValue.array(issues).serialized() + "\n"
    }

    /// Relative to the project, as GitLab links it: `./deploy/a.yaml` is `deploy/a.yaml`.
    static func path(_ file: String) -> String {
        var path = file
        while path.hasPrefix("./") { path.removeFirst(2) }
        return path
    }

    /// GitLab's scale: info, minor, major, critical, blocker.
    static func severity(_ severity: Severity) -> String {
        switch severity {
        case .error: return "major"
        case .warning: return "minor"
        case .info: return "info"
        }
    }

    /// 128 bits as hex: two FNV-1a 64 hashes with different offset bases. Stable across runs and
    /// machines, so GitLab can tell new issues from old ones between pipelines.
    static func fingerprint(_ text: String) -> String {
        func fnv(_ basis: UInt64) -> UInt64 {
            var hash = basis
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            return hash
        }
        let parts = [fnv(0xcbf2_9ce4_8422_2325), fnv(0x6c62_272e_07bb_0142)]
        return parts.map { value in
            let hex = String(value, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }
}
