/// JSON read into the document tree and written back: what the product's JSON paths use instead of
/// Foundation's JSONSerialization (API answers, ExecCredentials, watch events, echo replies).
public enum JSONDocument {
    /// The document of a JSON text, nil when it is not exactly one JSON value.
    public static func parse(_ text: String) -> YAMLNode? { JSONComposer.compose(text) }

    public static func parse(_ bytes: some Sequence<UInt8>) -> YAMLNode? { JSONComposer.compose(String(decoding: Array(bytes), as: UTF8.self)) }
}

extension YAMLNode {
    /// A JSON string member's text (quoted in the document: JSON has no other strings).
    public var jsonString: String? {
        guard let scalar, scalar.isExplicitString else { return nil }
        return scalar.text
    }

    /// A JSON integer member.
    public var jsonInt: Int? {
        guard let scalar, !scalar.isExplicitString else { return nil }
        return Int(scalar.text)
    }
}

extension JSONValue {
    /// The value of a tree composed from JSON: strings stay strings, numbers, booleans and null
    /// keep their literal text. With `sortingKeys`, object members come in key order (as
    /// `JSONSerialization`'s `.sortedKeys` wrote them).
    public init(json node: YAMLNode, sortingKeys: Bool = false) {
        switch node.content {
        case .scalar(let scalar):
            self = scalar.isExplicitString ? .string(scalar.text) : .literal(scalar.text)
        case .sequence(let items):
            self = .array(items.map { JSONValue(json: $0, sortingKeys: sortingKeys) })
        case .mapping(let pairs):
            var members = pairs.map { ($0.key.text ?? "", JSONValue(json: $0.value, sortingKeys: sortingKeys)) }
            if sortingKeys { members.sort { $0.0 < $1.0 } }
            self = .object(members)
        }
    }

    /// The member `key` of an object (nil for other values).
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }
}
