import IngressModel
import Routing
import Rules
import StructuredText

/// The stable JSON report (schema in the README, `version` bumps on incompatible change).
public struct JSONFormatter: ReportFormatter {
    public init() {}

    public func render(_ report: Report) -> String {
        Self.document(report).serialized(terminator: "\n")
    }

    /// The report as a JSON value: what `--format json` writes, and `--format yaml` in YAML.
    static func document(_ report: Report) -> JSONValue {
        JSONValue.object([
            ("version", 1),
            ("tool", .object([("name", .string(Report.toolName)), ("version", .string(Report.toolVersion))])),
            ("diagnostics", .array(report.findings.map(Self.diagnostic))),
            ("summary", .object([
                ("error", .number(report.count(.error))),
                ("warning", .number(report.count(.warning))),
                ("info", .number(report.count(.info))),
                ("suppressed", .number(report.suppressedCount)),
                ("files", .number(report.fileCount)),
                ("objects", .number(report.objectCount)),
                ("ignored", .number(report.ignoredCount)),
            ])),
            ("skipped", .array(report.notes.map { .object([("file", .string($0.file)), ("reason", .string($0.reason))]) })),
            ("ingresses", .array(report.judgements.map { .object([("object", Self.object($0.ingress)), ("profile", Self.profile($0.judged))]) })),
        ])
    }

    static func location(_ location: SourceLocation) -> JSONValue {
        .object([("file", .string(location.file)), ("line", .number(location.line)), ("column", .number(location.column))])
    }

    static func object(_ ref: ObjectRef?) -> JSONValue {
        guard let ref else { return .null }
        return .object([
            ("apiVersion", .string(ref.apiVersion)), ("kind", .string(ref.kind)),
            ("namespace", ref.namespace.isEmpty ? .null : .string(ref.namespace)), ("name", .string(ref.name)),
        ])
    }

    /// Which controller profile judged an Ingress, and why.
    static func profile(_ judged: JudgingProfile) -> JSONValue {
        .object([("id", .string(judged.profile.id)), ("reason", .string(judged.reason)), ("basis", .string(judged.basis.rawValue))])
    }

    static func diagnostic(_ finding: Finding) -> JSONValue {
        .object([
            ("rule", .string(finding.ruleID)),
            ("severity", .string(finding.severity.rawValue)),
            ("message", .string(finding.message)),
            ("location", location(finding.location)),
            ("object", object(finding.object)),
            ("field", finding.field.map(JSONValue.string) ?? .null),
            ("related", .array(finding.related.map {
                .object([("message", .string($0.message)), ("location", location($0.location)), ("object", object($0.object))])
            })),
            ("hint", finding.hint.map(JSONValue.string) ?? .null),
            ("profile", finding.judgedBy.map(profile) ?? .null),
        ])
    }
}
