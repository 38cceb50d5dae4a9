/// The nodes of one parsed text in flat storage: a node is an index into `nodes`, a collection's
/// children are a run of indices in `children` (key and value alternating for a mapping), and every
/// scalar's text is a span of `text`. One allocation per array instead of one object per node, and
/// nothing to count or release while a decoder walks it; a `YAMLNode` is a view of one index.
///
/// Immutable once built: an alias is the index of its anchored node, so a shared subtree is stored
/// once however often it is referred to.
public final class DocumentTree: Sendable {
    enum Kind: UInt8, Sendable { case scalar, mapping, sequence }

    struct Node: Sendable {
        var kind: Kind
        /// Resolved once, when the node is built (YAML 1.1 typing, as the API server reads it).
        var type: ResolvedType
        var isExplicitString: Bool
        /// Index into `tags`, or -1: an explicit tag other than `!!str`.
        var tag: Int32
        var line: Int32
        var column: Int32
        /// A scalar's span in `text`, or a collection's run in `children`.
        var start: Int
        /// Bytes of a scalar, pairs of a mapping, items of a sequence.
        var count: Int
    }

    let nodes: [Node]
    let children: [Int]
    let text: [UInt8]
    let tags: [String]

    init(nodes: [Node], children: [Int], text: [UInt8], tags: [String]) {
        self.nodes = nodes
        self.children = children
        self.text = text
        self.tags = tags
    }

    /// Holds the one node of empty collections made without a document (`node.pairs ?? []`).
    static let empty = DocumentTree(nodes: [], children: [], text: [], tags: [])

    func string(_ node: Node) -> String {
        text.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[node.start..<node.start + node.count]), as: UTF8.self) }
    }

    func withBytes<R>(_ node: Node, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        text.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[node.start..<node.start + node.count])) }
    }

    /// True when node `id` is a scalar whose bytes are exactly `key`'s UTF-8 (keys compare by
    /// bytes, as the API server compares them).
    func scalar(_ id: Int, equals key: String) -> Bool {
        let node = nodes[id]
        guard node.kind == .scalar, node.count == key.utf8.count else { return false }
        return withBytes(node) { bytes in
            key.utf8.withContiguousStorageIfAvailable { bytes.elementsEqual($0) } ?? bytes.elementsEqual(key.utf8)
        }
    }
}

/// Builds a `DocumentTree` bottom-up: children are complete before their parent, so each open
/// collection's children wait on one shared stack and move to `children` as one run when it closes.
struct DocumentTreeBuilder {
    private(set) var nodes: [DocumentTree.Node] = []
    private(set) var children: [Int] = []
    private(set) var text: [UInt8] = []
    private var tags: [String] = []
    private var tagIndex: [String: Int32] = [:]
    /// Children of the collections still open, innermost last.
    private var pending: [Int] = []

    init(capacityHint bytes: Int = 0) {
        text.reserveCapacity(bytes)
        nodes.reserveCapacity(bytes / 16)
        children.reserveCapacity(bytes / 16)
    }

    func node(_ id: Int) -> DocumentTree.Node { nodes[id] }

    func scalar(_ id: Int, equals key: String) -> Bool {
        let node = nodes[id]
        return node.kind == .scalar && text[node.start..<node.start + node.count].elementsEqual(key.utf8)
    }

    func text(of id: Int) -> String? {
        let node = nodes[id]
        guard node.kind == .scalar else { return nil }
        return String(decoding: text[node.start..<node.start + node.count], as: UTF8.self)
    }

    func tag(of node: DocumentTree.Node) -> String? { node.tag >= 0 ? tags[Int(node.tag)] : nil }

    /// Appends a scalar's bytes; `scalar(span:...)` then makes the node.
    mutating func appendText(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        let start = text.count
        text.append(contentsOf: bytes)
        return start..<text.count
    }

    mutating func appendText(_ string: String) -> Range<Int> {
        let start = text.count
        text.append(contentsOf: string.utf8)
        return start..<text.count
    }

    /// A scalar over `span` of the text; `tag` is an explicit tag other than `!!str` (nil for none).
    mutating func scalar(span: Range<Int>, isExplicitString: Bool, tag: String?, line: Int, column: Int) -> Int {
        let type: ResolvedType = text.withUnsafeBufferPointer { buffer in
            ScalarResolution.type(of: UnsafeBufferPointer(rebasing: buffer[span]), isExplicitString: isExplicitString, tag: tag)
        }
        var tagNumber: Int32 = -1
        if let tag {
            if let known = tagIndex[tag] {
                tagNumber = known
            } else {
                tagNumber = Int32(clamping: tags.count)
                tagIndex[tag] = tagNumber
                tags.append(tag)
            }
        }
        nodes.append(DocumentTree.Node(
            kind: .scalar, type: type, isExplicitString: isExplicitString, tag: tagNumber,
            line: Int32(clamping: line), column: Int32(clamping: column), start: span.lowerBound, count: span.count))
        return nodes.count - 1
    }

    /// Where the children of a collection opened now start on the pending stack.
    var mark: Int { pending.count }

    mutating func add(_ child: Int) { pending.append(child) }

    /// Closes the collection opened at `mark`: its pending children (key, value, key, value... for
    /// a mapping) become its run. `extra` are merged pairs appended after them.
    mutating func close(_ kind: DocumentTree.Kind, from mark: Int, extra: [Int] = [], line: Int, column: Int) -> Int {
        let start = children.count
        children.append(contentsOf: pending[mark...])
        children.append(contentsOf: extra)
        pending.removeSubrange(mark...)
        let entries = children.count - start
        nodes.append(DocumentTree.Node(
            kind: kind, type: kind == .mapping ? .mapping : .sequence, isExplicitString: false, tag: -1,
            line: Int32(clamping: line), column: Int32(clamping: column), start: start,
            count: kind == .mapping ? entries / 2 : entries))
        return nodes.count - 1
    }

    /// The pending children of the collection opened at `mark`.
    func pendingChildren(from mark: Int) -> ArraySlice<Int> { pending[mark...] }

    func finish() -> DocumentTree {
        DocumentTree(nodes: nodes, children: children, text: text, tags: tags)
    }
}
