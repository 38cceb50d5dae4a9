import IngressModel
import Rules
import StructuredText

/// SARIF 2.1.0 with one run; the driver's rules come from the catalog.
public struct SARIFFormatter: ReportFormatter {
    public static let informationURI = "https://github.com/ingress-guard/ingress-guard"

    public init() {}

    public func render(_ report: Report) -> String {
        let rules = report.catalog.rules
        var ruleIndex: [String: Int] = [:]
        for (index, rule) in rules.enumerated() { ruleIndex[rule.id] = index }
        let driverRules: [JSONValue] = rules.map { rule in
            .object([
                ("id", .string(rule.id)),
                ("shortDescription", .object([("text", .string(rule.title))])),
                ("fullDescription", .object([("text", .string(rule.description.trimmingTrailingNewlines))])),
                ("helpUri", .string("\(Self.informationURI)/blob/main/\(rule.documentationPath)")),
                ("help", .object([("text", .string(rule.fix.trimmingTrailingNewlines))])),
                ("defaultConfiguration", .object([("level", .string(level(rule.severity)))])),
                ("properties", .object([("category", .string(rule.category))])),
            ])
        }
        let results: [JSONValue] = report.findings.map { finding in
            var pairs: [(String, JSONValue)] = [("ruleId", .string(finding.ruleID))]
            if let index = ruleIndex[finding.ruleID] { pairs.append(("ruleIndex", .number(index))) }
            var text = finding.message
            if let hint = finding.hint { text += " (hint: \(hint))" }
            pairs.append(("level", .string(level(finding.severity))))
            pairs.append(("message", .object([("text", .string(text))])))
            pairs.append(("locations", .array([physicalLocation(finding.location, logical: finding.object)])))
            if let judged = finding.judgedBy {
                pairs.append(("properties", .object([("profile", .string(judged.profile.id)), ("profileReason", .string(judged.reason))])))
            }
            if !finding.related.isEmpty {
                pairs.append(("relatedLocations", .array(finding.related.enumerated().map { index, related in
                    .object([
                        ("id", .number(index)),
                        ("physicalLocation", physical(related.location)),
                        ("message", .object([("text", .string(related.message))])),
                    ])
                })))
            }
            return .object(pairs)
        }
        return JSONValue.object([
            ("$schema", "https://json.schemastore.org/sarif-2.1.0.json"),
            ("version", "2.1.0"),
            ("runs", .array([
                .object([
                    ("tool", .object([
                        ("driver", .object([
                            ("name", .string(Report.toolName)),
                            ("version", .string(Report.toolVersion)),
                            ("informationUri", .string(Self.informationURI)),
                            ("rules", .array(driverRules)),
                        ])),
                    ])),
                    ("results", .array(results)),
                    // The controller profile that judged each Ingress, findings or not.
                    ("properties", .object([("ingresses", .array(report.judgements.map { entry in
                        .object([
                            ("ingress", .string("\(entry.ingress.kind) \(entry.ingress.qualifiedName)")),
                            ("profile", .string(entry.judged.profile.id)),
                            ("reason", .string(entry.judged.reason)),
                        ])
                    }))])),
                ]),
            ])),
        ]).serialized(terminator: "\n")
    }

    private func level(_ severity: Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "note"
        }
    }

    private func physical(_ location: SourceLocation) -> JSONValue {
        .object([
            ("artifactLocation", .object([("uri", .string(uri(location.file)))])),
            ("region", .object([("startLine", .number(max(1, location.line))), ("startColumn", .number(max(1, location.column)))])),
        ])
    }

    private func physicalLocation(_ location: SourceLocation, logical object: ObjectRef?) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("physicalLocation", physical(location))]
        if let object {
            pairs.append(("logicalLocations", .array([.object([
                ("fullyQualifiedName", .string("\(object.kind)/\(object.qualifiedName)")),
                ("kind", "object"),
            ])])))
        }
        return .object(pairs)
    }

    /// Relative paths stay relative (SARIF resolves them against the checkout); stdin gets a name.
    private func uri(_ path: String) -> String {
        if path == "<stdin>" { return "stdin" }
        var output = ""
        for scalar in path.unicodeScalars {
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "-", ".", "_", "~", "/": output.unicodeScalars.append(scalar)
            default:
                for byte in String(scalar).utf8 { output += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true) }
            }
        }
        return output.hasPrefix("/") ? "file://" + output : output
    }
}

extension String {
    var trimmingTrailingNewlines: String {
        var copy = self
        while copy.hasSuffix("\n") { copy.removeLast() }
        return copy
    }
}
