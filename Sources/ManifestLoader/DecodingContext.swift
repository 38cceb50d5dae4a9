import IngressModel
import StructuredText

/// What every decoder needs: the file, the document, and the namespace for objects that name none.
struct DecodingContext {
    var file: String
    var documentIndex: Int
    var defaultNamespace: String
    /// The last line that still belongs to the object being decoded (for redacting Secret values).
    var endLine: Int
    /// Shared by the objects of one file.
    var fieldNames = FieldNames()

    func location(_ node: YAMLNode) -> SourceLocation {
        SourceLocation(file: file, line: node.line, column: node.column)
    }

    /// Any scalar's text; wrong types are reported by the schema check, the value is still usable.
    func text(_ node: YAMLNode?, field: String) -> Located<String>? {
        guard let node, let scalar = node.scalar, !node.isNull else { return nil }
        return Located(scalar.text, field: fieldNames(field), location: location(node))
    }

    func integer(_ node: YAMLNode?, field: String) -> Located<Int>? {
        guard let node, let value = node.intValue else { return nil }
        return Located(value, field: fieldNames(field), location: location(node))
    }

    func text(_ node: YAMLNode?, at path: FieldPath) -> Located<String>? {
        guard let node, let scalar = node.scalar, !node.isNull else { return nil }
        return Located(scalar.text, field: path.text, location: location(node))
    }

    func integer(_ node: YAMLNode?, at path: FieldPath) -> Located<Int>? {
        guard let node, let value = node.intValue else { return nil }
        return Located(value, field: path.text, location: location(node))
    }

    func decodeMetadata(_ root: YAMLNode) -> ObjectMeta {
        let metadataNode = root["metadata"]
        let base = metadataNode ?? root
        var annotations: [String: Located<String>] = [:]
        var entries: [MetadataEntry] = []
        for pair in metadataNode?["annotations"]?.pairs ?? [] {
            guard let key = pair.key.text, let value = pair.value.scalar else { continue }
            let field = fieldNames("metadata.annotations[\(key)]")
            let located = Located(value.text, field: field, location: location(pair.value))
            annotations[key] = located
            entries.append(MetadataEntry(kind: .annotation, key: Located(key, field: field, location: location(pair.key)), value: located))
        }
        var labels: [String: String] = [:]
        for pair in metadataNode?["labels"]?.pairs ?? [] {
            guard let key = pair.key.text, let value = pair.value.scalar else { continue }
            labels[key] = value.text
            let field = fieldNames("metadata.labels[\(key)]")
            entries.append(MetadataEntry(
                kind: .label, key: Located(key, field: field, location: location(pair.key)),
                value: Located(value.text, field: field, location: location(pair.value))))
        }
        return ObjectMeta(
            name: text(metadataNode?["name"], field: "metadata.name"),
            generateName: text(metadataNode?["generateName"], field: "metadata.generateName"),
            // An empty namespace is "not set": the API server fills in the request's namespace.
            namespace: text(metadataNode?["namespace"], field: "metadata.namespace").flatMap { $0.value.isEmpty ? nil : $0 },
            annotations: annotations,
            labels: labels,
            entries: entries,
            creationTimestamp: metadataNode?["creationTimestamp"].flatMap { $0.isNull ? nil : $0.text },
            location: location(base))
    }
}
