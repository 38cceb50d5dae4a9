/// A node of a parsed YAML or JSON document, with the position of its first character: a view of
/// one index of its `DocumentTree`.
///
/// The loader builds the tree from the YAML parser's output so that everything above the loader
/// works on plain values that carry their source position and never sees the parser library.
public struct YAMLNode: Sendable {
    public enum Content: Sendable {
        case scalar(Scalar)
        case mapping(Pairs)
        case sequence(Items)
    }

    public struct Pair: Sendable {
        public let key: YAMLNode
        public let value: YAMLNode
    }

    /// Immutable: its type is resolved from its text, tag and style once, when it is made.
    public struct Scalar: Sendable {
        public let text: String
        /// True when the scalar was quoted or a block scalar, or tagged `!!str`: its type is string.
        public let isExplicitString: Bool
        /// An explicit tag other than `!!str`, e.g. `!!int`.
        public let tag: String?
        public let resolvedType: ResolvedType

        public init(text: String, isExplicitString: Bool, tag: String? = nil) {
            self.text = text
            self.isExplicitString = isExplicitString
            self.tag = tag
            var bytes = text
            resolvedType = bytes.withUTF8 { ScalarResolution.type(of: $0, isExplicitString: isExplicitString, tag: tag) }
        }

        init(text: String, isExplicitString: Bool, tag: String?, resolvedType: ResolvedType) {
            self.text = text
            self.isExplicitString = isExplicitString
            self.tag = tag
            self.resolvedType = resolvedType
        }
    }

    /// A mapping's pairs in document order (merged pairs after the written ones). `[]` is an
    /// empty one, so that `node.pairs ?? []` reads as it did when pairs were an array.
    public struct Pairs: RandomAccessCollection, ExpressibleByArrayLiteral, Sendable {
        let tree: DocumentTree
        let start: Int
        public let count: Int

        init(tree: DocumentTree, start: Int, count: Int) {
            self.tree = tree
            self.start = start
            self.count = count
        }

        public init(arrayLiteral elements: Never...) { self.init(tree: .empty, start: 0, count: 0) }

        public var startIndex: Int { 0 }
        public var endIndex: Int { count }

        public subscript(position: Int) -> Pair {
            precondition(position >= 0 && position < count, "pair index out of range")
            let at = start + 2 * position
            return Pair(key: YAMLNode(tree: tree, id: tree.children[at]), value: YAMLNode(tree: tree, id: tree.children[at + 1]))
        }
    }

    /// A sequence's items; `[]` is an empty one.
    public struct Items: RandomAccessCollection, ExpressibleByArrayLiteral, Sendable {
        let tree: DocumentTree
        let start: Int
        public let count: Int

        init(tree: DocumentTree, start: Int, count: Int) {
            self.tree = tree
            self.start = start
            self.count = count
        }

        public init(arrayLiteral elements: Never...) { self.init(tree: .empty, start: 0, count: 0) }

        public var startIndex: Int { 0 }
        public var endIndex: Int { count }

        public subscript(position: Int) -> YAMLNode {
            precondition(position >= 0 && position < count, "item index out of range")
            return YAMLNode(tree: tree, id: tree.children[start + position])
        }
    }

    let tree: DocumentTree
    let id: Int

    init(tree: DocumentTree, id: Int) {
        self.tree = tree
        self.id = id
    }

    private var node: DocumentTree.Node { tree.nodes[id] }

    public var line: Int { Int(node.line) }
    public var column: Int { Int(node.column) }

    public var content: Content {
        let node = node
        switch node.kind {
        case .scalar: return .scalar(makeScalar(node))
        case .mapping: return .mapping(Pairs(tree: tree, start: node.start, count: node.count))
        case .sequence: return .sequence(Items(tree: tree, start: node.start, count: node.count))
        }
    }

    public var pairs: Pairs? {
        let node = node
        guard node.kind == .mapping else { return nil }
        return Pairs(tree: tree, start: node.start, count: node.count)
    }

    public var items: Items? {
        let node = node
        guard node.kind == .sequence else { return nil }
        return Items(tree: tree, start: node.start, count: node.count)
    }

    public var scalar: Scalar? {
        let node = node
        guard node.kind == .scalar else { return nil }
        return makeScalar(node)
    }

    /// A scalar's text, whatever its type (nil for a collection).
    public var text: String? {
        let node = node
        guard node.kind == .scalar else { return nil }
        return tree.string(node)
    }

    private func makeScalar(_ node: DocumentTree.Node) -> Scalar {
        Scalar(
            text: tree.string(node), isExplicitString: node.isExplicitString,
            tag: node.tag >= 0 ? tree.tags[Int(node.tag)] : nil, resolvedType: node.type)
    }

    /// The value of `key` in a mapping, together with the key node (for locations of the key
    /// itself). Keys compare by their bytes, as the API server compares them.
    public func entry(_ key: String) -> Pair? {
        let node = node
        guard node.kind == .mapping else { return nil }
        let children = tree.children
        for at in stride(from: node.start, to: node.start + 2 * node.count, by: 2) where tree.scalar(children[at], equals: key) {
            return Pair(key: YAMLNode(tree: tree, id: children[at]), value: YAMLNode(tree: tree, id: children[at + 1]))
        }
        return nil
    }

    public subscript(key: String) -> YAMLNode? { entry(key)?.value }

    public var isScalar: Bool { node.kind == .scalar }

    /// True when this is a scalar whose bytes are exactly `key`'s, without making a string of it.
    public func hasText(_ key: String) -> Bool { tree.scalar(id, equals: key) }

    public var resolvedType: ResolvedType { node.type }

    /// The scalar's text when it is a string in the Kubernetes sense (after YAML 1.1 type resolution).
    public var stringValue: String? {
        let node = node
        guard node.kind == .scalar, node.type == .string else { return nil }
        return tree.string(node)
    }

    /// An integer, or a number with no fraction: kubectl converts YAML to JSON, and Go writes the
    /// float 80.0 as `80`, which the API server reads as an integer.
    public var intValue: Int? {
        let node = node
        guard node.kind == .scalar else { return nil }
        switch node.type {
        case .integer: return tree.withBytes(node) { ScalarResolution.integer($0) }
        case .float: return Scalar.integralFloat(tree.string(node))
        default: return nil
        }
    }

    public var isNull: Bool { node.type == .null }
}

/// The type a YAML scalar has for the API server: sigs.k8s.io/yaml reads YAML 1.1 (go-yaml v2),
/// so unquoted `yes`, `off` or `0x1F` are not strings.
public enum ResolvedType: String, Sendable {
    case string, integer, float, boolean, null, mapping, sequence

    public var article: String {
        switch self {
        case .string: return "a string"
        case .integer: return "an integer"
        case .float: return "a number"
        case .boolean: return "a boolean"
        case .null: return "null"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }
}

extension YAMLNode.Scalar {
    public var integerValue: Int? {
        var text = text
        return text.withUTF8 { ScalarResolution.integer($0) }
    }

    /// `80.0`, `8e1`, `8_0.0` as 80; nil when the number has a fraction or no exact integer.
    public var integralFloatValue: Int? { Self.integralFloat(text) }

    static func integralFloat(_ text: String) -> Int? {
        guard let value = Double(String(text.filter { $0 != "_" })), value.isFinite,
            value.rounded() == value, abs(value) < 9_007_199_254_740_992
        else { return nil }
        return Int(value)
    }
}
