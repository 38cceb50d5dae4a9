import IngressModel
import StructuredText

/// The shape of a field as the API server's schema types it. Strict objects report fields the
/// schema does not have, as `kubectl apply` with strict field validation does.
indirect enum FieldSchema: Sendable {
    case string
    case integer
    case boolean
    case intOrString
    /// Anything goes (fields the analysis neither reads nor owns the schema of).
    case any
    case object(ObjectSchema)
    case list(FieldSchema)
    case map(FieldSchema)
}

struct ObjectSchema: Sendable {
    var fields: [String: FieldSchema]
    /// Reports keys absent from `fields` when true.
    var strict: Bool
    /// For a known misplaced field, what to write instead.
    var hints: [String: String]

    init(strict: Bool = true, hints: [String: String] = [:], _ fields: [String: FieldSchema]) {
        self.fields = fields
        self.strict = strict
        self.hints = hints
    }
}

/// Checks a document against a schema and reports type errors and unknown fields with positions.
struct SchemaValidator {
    var file: String
    var object: ObjectRef?
    var issues: [LoadIssue] = []

    init(file: String, object: ObjectRef?) {
        self.file = file
        self.object = object
    }

    mutating func validate(_ node: YAMLNode, against schema: FieldSchema, field: String) {
        // null is how YAML writes an absent value; the API server treats it so.
        if node.isNull { return }
        let location = SourceLocation(file: file, line: node.line, column: node.column)
        switch schema {
        case .any:
            return
        case .string:
            let type = node.resolvedType
            if type != .string {
                var hint = "quote the value"
                if type == .boolean { hint = "quote it: YAML 1.1, which Kubernetes reads, takes unquoted yes/no/on/off/true/false as booleans" }
                if type == .mapping || type == .sequence { hint = "this field takes a single string" }
                report(.invalid, "\(field): expected a string, got \(type.article)", location, field, hint)
            }
        case .integer:
            let type = node.resolvedType
            if type != .integer && node.intValue == nil {
                let hint = type == .string ? "write the number without quotes" : nil
                report(.invalid, "\(field): expected an integer, got \(type.article)", location, field, hint)
            }
        case .boolean:
            if node.resolvedType != .boolean {
                report(.invalid, "\(field): expected a boolean (true or false), got \(node.resolvedType.article)", location, field, nil)
            }
        case .intOrString:
            let type = node.resolvedType
            if type != .integer && type != .string && node.intValue == nil {
                report(.invalid, "\(field): expected an integer or a string, got \(type.article)", location, field, nil)
            }
        case .list(let element):
            guard let items = node.items else {
                report(.invalid, "\(field): expected a list, got \(node.resolvedType.article)", location, field,
                       node.resolvedType == .string ? "write it as a YAML list, e.g. `- \(node.text ?? "value")`" : nil)
                return
            }
            for (index, item) in items.enumerated() {
                validate(item, against: element, field: "\(field)[\(index)]")
            }
        case .map(let value):
            guard let pairs = node.pairs else {
                report(.invalid, "\(field): expected a mapping, got \(node.resolvedType.article)", location, field, nil)
                return
            }
            for pair in pairs {
                let key = pair.key.text ?? "?"
                validateKey(pair.key, field: field)
                validate(pair.value, against: value, field: "\(field)[\(key)]")
            }
        case .object(let objectSchema):
            guard let pairs = node.pairs else {
                report(.invalid, "\(field): expected a mapping, got \(node.resolvedType.article)", location, field, nil)
                return
            }
            for pair in pairs {
                guard let key = pair.key.text, pair.key.scalar != nil else {
                    validateKey(pair.key, field: field)
                    continue
                }
                let childField = field.isEmpty ? key : "\(field).\(key)"
                if let child = objectSchema.fields[key] {
                    validate(pair.value, against: child, field: childField)
                } else if objectSchema.strict {
                    let keyLocation = SourceLocation(file: file, line: pair.key.line, column: pair.key.column)
                    report(.unknownField, "unknown field \"\(childField)\"", keyLocation, childField, objectSchema.hints[key])
                }
            }
        }
    }

    private mutating func validateKey(_ key: YAMLNode, field: String) {
        if key.scalar == nil {
            let location = SourceLocation(file: file, line: key.line, column: key.column)
            report(.invalid, "\(field): a key must be a string, got \(key.resolvedType.article)", location, field, nil)
        }
    }

    private mutating func report(_ kind: LoadIssue.Kind, _ message: String, _ location: SourceLocation, _ field: String, _ hint: String?) {
        issues.append(LoadIssue(kind, message, at: location, field: field, object: object, hint: hint))
    }
}
