/// Builds the documents of one text into a `DocumentTree` from libyaml's events without recursion
/// (nesting is bounded by libyaml, not by the thread's stack). Aliases resolve within their
/// document; what they and merge keys add is counted against the budget of the text and the run's
/// allowance; duplicate keys are found by their bytes.
struct TreeBuilder {
    private let aliasBudget: Int
    private let run: AliasAllowance?
    /// What the run's allowance has granted this text so far.
    private var granted = 0
    private var expanded = 0
    /// Anchors of the current document: the node and how many nodes it holds.
    private var anchors: [String: (node: Int, count: Int)] = [:]
    /// Anchors of the documents before it, named in the error when an alias reaches back.
    private var earlierAnchors: Set<String> = []
    var tree: DocumentTreeBuilder

    init(aliasBudget: Int, run: AliasAllowance?, capacityHint: Int) {
        self.aliasBudget = aliasBudget
        self.run = run
        tree = DocumentTreeBuilder(capacityHint: capacityHint)
    }

    mutating func startDocument() {
        for name in anchors.keys { earlierAnchors.insert(name) }
        anchors = [:]
    }

    private struct Frame {
        var kind: DocumentTree.Kind
        /// Where its children start on the builder's pending stack.
        var mark: Int
        var anchor: String?
        var line: Int
        var column: Int
        var count = 1
        /// A mapping's key waiting for its value; `merging` when that key is `<<`.
        var key: Int?
        var merging = false
        var merged: [Int] = []
        var keys = KeySet()
    }

    /// Reads the events of one document up to its root's end and returns the root.
    mutating func document(from events: YAMLEvents) throws(YAMLComposer.SyntaxError) -> Int {
        var stack: [Frame] = []
        while true {
            let (event, line, column) = try events.next(into: &tree)
            var completed: (node: Int, count: Int)
            switch event {
            case .scalar(let span, let tag, let anchor, let plain):
                let tag = tag ?? ""
                let explicitTag: String? = (tag.isEmpty || tag == "!" || tag == ScalarResolution.stringTag) ? nil : tag
                let id = tree.scalar(
                    span: span, isExplicitString: (!plain || tag == ScalarResolution.stringTag) && explicitTag == nil, tag: explicitTag,
                    line: line, column: column)
                completed = (id, 1)
                if let anchor { anchors[anchor] = completed }
            case .alias(let name):
                guard let target = anchors[name] else {
                    let cause = earlierAnchors.contains(name)
                        ? "refers to the anchor &\(name) of an earlier document; an anchor holds within its own document (kubectl: unknown anchor '\(name)' referenced)"
                        : "refers to no anchor (kubectl: unknown anchor '\(name)' referenced)"
                    throw YAMLComposer.SyntaxError(message: "YAML alias *\(name) \(cause)", line: line, column: column)
                }
                try spend(target.count, line: line, column: column, what: "aliases")
                completed = target
            case .sequenceStart(let anchor, _):
                stack.append(Frame(kind: .sequence, mark: tree.mark, anchor: anchor, line: line, column: column))
                continue
            case .mappingStart(let anchor, _):
                stack.append(Frame(kind: .mapping, mark: tree.mark, anchor: anchor, line: line, column: column))
                continue
            case .sequenceEnd, .mappingEnd:
                guard var frame = stack.popLast() else {
                    throw YAMLComposer.SyntaxError(message: "YAML error: a collection ends that never started", line: line, column: column)
                }
                // YAML merge keys (go-yaml honours them): explicit keys win over merged ones.
                var extra: [Int] = []
                for at in stride(from: 0, to: frame.merged.count, by: 2) where frame.keys.insert(frame.merged[at], in: tree) {
                    extra += [frame.merged[at], frame.merged[at + 1]]
                }
                let id = tree.close(frame.kind, from: frame.mark, extra: extra, line: frame.line, column: frame.column)
                completed = (id, frame.count)
                if let anchor = frame.anchor { anchors[anchor] = completed }
            case .streamStart, .streamEnd, .documentStart, .documentEnd:
                throw YAMLComposer.SyntaxError(message: "YAML error: the document ends inside a node", line: line, column: column)
            }
            guard !stack.isEmpty else { return completed.node }
            try add(completed, to: &stack[stack.count - 1])
        }
    }

    private mutating func add(_ child: (node: Int, count: Int), to frame: inout Frame) throws(YAMLComposer.SyntaxError) {
        frame.count += child.count
        guard frame.kind == .mapping else {
            tree.add(child.node)
            return
        }
        guard let key = frame.key else {
            frame.key = child.node
            // `<<` plain, or tagged `!!merge` (go-yaml honours both).
            let node = tree.node(child.node)
            frame.merging = node.kind == .scalar && (
                (!node.isExplicitString && node.tag < 0 && tree.scalar(child.node, equals: "<<"))
                || (node.tag >= 0 && tree.tag(of: node) == "tag:yaml.org,2002:merge"))
            return
        }
        frame.key = nil
        if frame.merging {
            frame.merging = false
            frame.merged += try mergeSources(child.node)
            return
        }
        guard frame.keys.insert(key, in: tree) else {
            let node = tree.node(key)
            throw YAMLComposer.SyntaxError(
                message: "duplicate key '\(tree.text(of: key) ?? "")' in a mapping (the API server rejects duplicate fields)",
                line: Int(node.line), column: Int(node.column))
        }
        tree.add(key)
        tree.add(child.node)
    }

    /// The pairs (key, value, key, value...) a `<<` value merges in: a mapping, or a list of
    /// mappings (earlier ones win).
    private mutating func mergeSources(_ value: Int) throws(YAMLComposer.SyntaxError) -> [Int] {
        var pairs: [Int] = []
        var present = KeySet()
        let valueNode = tree.node(value)
        let sources = valueNode.kind == .sequence ? Array(tree.children[valueNode.start..<valueNode.start + valueNode.count]) : [value]
        for source in sources {
            let node = tree.node(source)
            guard node.kind == .mapping else {
                throw YAMLComposer.SyntaxError(message: "YAML merge key '<<' needs a mapping or a list of mappings", line: Int(node.line), column: Int(node.column))
            }
            // Merged pairs count against the expansion budget as alias nodes do.
            try spend(node.count, line: Int(node.line), column: Int(node.column), what: "merge keys")
            for at in stride(from: node.start, to: node.start + 2 * node.count, by: 2) where present.insert(tree.children[at], in: tree) {
                pairs += [tree.children[at], tree.children[at + 1]]
            }
        }
        return pairs
    }

    /// Counts `count` added nodes; throws once the text's budget or the run's allowance is spent.
    private mutating func spend(_ count: Int, line: Int, column: Int, what: String) throws(YAMLComposer.SyntaxError) {
        expanded += count
        if expanded > aliasBudget {
            throw YAMLComposer.SyntaxError(
                message: "YAML \(what) expand to more than \(aliasBudget) nodes in this file (an alias bomb?); refusing to expand further",
                line: line, column: column)
        }
        guard let run, expanded > granted else { return }
        granted += run.grant(max(expanded - granted, 1024))
        if expanded > granted {
            throw YAMLComposer.SyntaxError(
                message: "YAML \(what) of this run's files expand to more than \(run.total) nodes in all; refusing to expand further",
                line: line, column: column)
        }
    }
}

/// The scalar keys of one mapping, compared by their bytes as the API server compares them (Swift's
/// `==` would take `café` in NFC and in NFD for one key).
struct KeySet {
    private var small: [Int] = []
    private var large: Set<[UInt8]>?

    /// False when an equal key is already in the set; keys that are not scalars are never equal.
    mutating func insert(_ key: Int, in tree: DocumentTreeBuilder) -> Bool {
        let node = tree.node(key)
        guard node.kind == .scalar else { return true }
        if large != nil {
            return large?.insert(Array(tree.text[node.start..<node.start + node.count])).inserted ?? true
        }
        let bytes = tree.text[node.start..<node.start + node.count]
        for existing in small {
            let other = tree.node(existing)
            if other.count == node.count, tree.text[other.start..<other.start + other.count].elementsEqual(bytes) { return false }
        }
        small.append(key)
        if small.count > 16 {
            large = Set(small.map { id in
                let node = tree.node(id)
                return Array(tree.text[node.start..<node.start + node.count])
            })
            small = []
        }
        return true
    }
}
