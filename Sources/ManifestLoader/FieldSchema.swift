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
    /// Reports keys absent from `fields` when true.
    var strict: Bool
    /// For a known misplaced field, what to write instead.
    var hints: [String: String]
    /// Scanned with a byte comparison per key: an object has a handful of fields, and a key's
    /// bytes are compared in place where a dictionary would first make a string of every key.
    private let fields: [(name: String, schema: FieldSchema)]

    init(strict: Bool = true, hints: [String: String] = [:], _ fields: [String: FieldSchema]) {
        self.fields = fields.sorted { $0.key < $1.key }.map { (name: $0.key, schema: $0.value) }
        self.strict = strict
        self.hints = hints
    }

    /// The schema of the field `key` names.
    func field(_ key: YAMLNode) -> FieldSchema? {
        fields.first { key.hasText($0.name) }?.schema
    }
}

/// Checks a document against a schema and reports type errors and unknown fields with positions.
/// The field path and the position are rendered only for what is reported: the walk visits every
/// node of every object, and almost all of them are fine.
struct SchemaValidator {
    var file: String
    var object: ObjectRef?
    var issues: [LoadIssue] = []
    /// Where the walk is, from the root; rendered as `spec.rules[0].http` when reported.
    private var path: [Segment] = []

    private enum Segment {
        case root(String)
        /// The key node: its text is made only if the path is reported.
        case member(YAMLNode)
        case index(Int)
        case mapKey(YAMLNode)
    }

    init(file: String, object: ObjectRef?) {
        self.file = file
        self.object = object
    }

    /// `field` names the node (empty for a document's root).
    mutating func validate(_ node: YAMLNode, against schema: FieldSchema, field: String) {
        path = field.isEmpty ? [] : [.root(field)]
        walk(node, against: schema)
    }

    private var field: String {
        var rendered = ""
        for segment in path {
            switch segment {
            case .root(let field): rendered = field
            case .member(let key): rendered += rendered.isEmpty ? key.text ?? "?" : ".\(key.text ?? "?")"
            case .index(let index): rendered += "[\(index)]"
            case .mapKey(let key): rendered += "[\(key.text ?? "?")]"
            }
        }
        return rendered
    }

    private mutating func walk(_ node: YAMLNode, against schema: FieldSchema) {
        // null is how YAML writes an absent value; the API server treats it so.
        if node.isNull { return }
        switch schema {
        case .any:
            return
        case .string:
            let type = node.resolvedType
            if type != .string {
                var hint = "quote the value"
                if type == .boolean { hint = "quote it: YAML 1.1, which Kubernetes reads, takes unquoted yes/no/on/off/true/false as booleans" }
                if type == .mapping || type == .sequence { hint = "this field takes a single string" }
                report(.invalid, "expected a string, got \(type.article)", at: node, hint)
            }
        case .integer:
            let type = node.resolvedType
            if type != .integer && node.intValue == nil {
                let hint = type == .string ? "write the number without quotes" : nil
                report(.invalid, "expected an integer, got \(type.article)", at: node, hint)
            }
        case .boolean:
            if node.resolvedType != .boolean {
                report(.invalid, "expected a boolean (true or false), got \(node.resolvedType.article)", at: node, nil)
            }
        case .intOrString:
            let type = node.resolvedType
            if type != .integer && type != .string && node.intValue == nil {
                report(.invalid, "expected an integer or a string, got \(type.article)", at: node, nil)
            }
        case .list(let element):
            guard let items = node.items else {
                report(.invalid, "expected a list, got \(node.resolvedType.article)", at: node,
                       node.resolvedType == .string ? "write it as a YAML list, e.g. `- \(node.text ?? "value")`" : nil)
                return
            }
            for (index, item) in items.enumerated() {
                path.append(.index(index))
                walk(item, against: element)
                path.removeLast()
            }
        case .map(let value):
            guard let pairs = node.pairs else {
                report(.invalid, "expected a mapping, got \(node.resolvedType.article)", at: node, nil)
                return
            }
            for pair in pairs {
                validateKey(pair.key)
                path.append(.mapKey(pair.key))
                walk(pair.value, against: value)
                path.removeLast()
            }
        case .object(let objectSchema):
            guard let pairs = node.pairs else {
                report(.invalid, "expected a mapping, got \(node.resolvedType.article)", at: node, nil)
                return
            }
            for pair in pairs {
                guard pair.key.isScalar else {
                    validateKey(pair.key)
                    continue
                }
                path.append(.member(pair.key))
                if let child = objectSchema.field(pair.key) {
                    walk(pair.value, against: child)
                } else if objectSchema.strict {
                    let childField = field
                    let keyLocation = SourceLocation(file: file, line: pair.key.line, column: pair.key.column)
                    issues.append(LoadIssue(
                        .unknownField, "unknown field \"\(childField)\"", at: keyLocation, field: childField, object: object,
                        hint: pair.key.text.flatMap { objectSchema.hints[$0] }))
                }
                path.removeLast()
            }
        }
    }

    private mutating func validateKey(_ key: YAMLNode) {
        if !key.isScalar {
            report(.invalid, "a key must be a string, got \(key.resolvedType.article)", at: key, nil)
        }
    }

    /// An issue at `node`, its message led by the field path.
    private mutating func report(_ kind: LoadIssue.Kind, _ message: String, at node: YAMLNode, _ hint: String?) {
        let field = field
        let location = SourceLocation(file: file, line: node.line, column: node.column)
        issues.append(LoadIssue(kind, "\(field): \(message)", at: location, field: field, object: object, hint: hint))
    }
}
