/// Builds `YAMLNode` documents from libyaml's events without recursion (nesting is bounded by
/// libyaml, not by the thread's stack). Aliases resolve within their document; what they and merge
/// keys add is counted against the budget of the text and the run's allowance; duplicate keys are
/// found by their bytes.
struct TreeBuilder {
    private let aliasBudget: Int
    private let run: AliasAllowance?
    /// What the run's allowance has granted this text so far.
    private var granted = 0
    private var expanded = 0
    /// Anchors of the current document: the node and how many nodes it holds.
    private var anchors: [String: (node: YAMLNode, count: Int)] = [:]
    /// Anchors of the documents before it, named in the error when an alias reaches back.
    private var earlierAnchors: Set<String> = []

    init(aliasBudget: Int, run: AliasAllowance?) {
        self.aliasBudget = aliasBudget
        self.run = run
    }

    mutating func startDocument() {
        for name in anchors.keys { earlierAnchors.insert(name) }
        anchors = [:]
    }

    private struct MappingState {
        var pairs: [YAMLNode.Pair] = []
        /// A key waiting for its value; `merging` when that key is `<<`.
        var key: YAMLNode?
        var merging = false
        var merged: [YAMLNode.Pair] = []
        var keys = KeySet()
    }

    private enum Collection {
        case sequence([YAMLNode])
        case mapping(MappingState)
    }

    private struct Frame {
        var collection: Collection
        var anchor: String?
        var line: Int
        var column: Int
        var count = 1
    }

    /// Reads the events of one document up to its root's end and returns the root.
    mutating func document(from events: YAMLEvents) throws(YAMLComposer.SyntaxError) -> YAMLNode {
        var stack: [Frame] = []
        while true {
            let (event, line, column) = try events.next()
            var completed: (node: YAMLNode, count: Int)
            switch event {
            case .scalar(let text, let tag, let anchor, let plain):
                let tag = tag ?? ""
                let stringTag = "tag:yaml.org,2002:str"
                let explicitTag: String? = (tag.isEmpty || tag == "!" || tag == stringTag) ? nil : tag
                let scalar = YAMLNode.Scalar(text: text, isExplicitString: (!plain || tag == stringTag) && explicitTag == nil, tag: explicitTag)
                completed = (YAMLNode(.scalar(scalar), line: line, column: column), 1)
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
                stack.append(Frame(collection: .sequence([]), anchor: anchor, line: line, column: column))
                continue
            case .mappingStart(let anchor, _):
                stack.append(Frame(collection: .mapping(MappingState()), anchor: anchor, line: line, column: column))
                continue
            case .sequenceEnd, .mappingEnd:
                guard let frame = stack.popLast() else {
                    throw YAMLComposer.SyntaxError(message: "YAML error: a collection ends that never started", line: line, column: column)
                }
                completed = (Self.close(frame), frame.count)
                if let anchor = frame.anchor { anchors[anchor] = completed }
            case .streamStart, .streamEnd, .documentStart, .documentEnd:
                throw YAMLComposer.SyntaxError(message: "YAML error: the document ends inside a node", line: line, column: column)
            }
            guard !stack.isEmpty else { return completed.node }
            try add(completed, to: &stack[stack.count - 1])
        }
    }

    private static func close(_ frame: Frame) -> YAMLNode {
        switch frame.collection {
        case .sequence(let items):
            return YAMLNode(.sequence(items), line: frame.line, column: frame.column)
        case .mapping(var state):
            // YAML merge keys (go-yaml honours them): explicit keys win over merged ones.
            for pair in state.merged where state.keys.insert(pair.key) { state.pairs.append(pair) }
            return YAMLNode(.mapping(state.pairs), line: frame.line, column: frame.column)
        }
    }

    private mutating func add(_ child: (node: YAMLNode, count: Int), to frame: inout Frame) throws(YAMLComposer.SyntaxError) {
        frame.count += child.count
        switch frame.collection {
        case .sequence(var items):
            // Taken out of the frame first, so that appending does not copy the array.
            frame.collection = .sequence([])
            items.append(child.node)
            frame.collection = .sequence(items)
        case .mapping(var state):
            frame.collection = .sequence([])
            defer { frame.collection = .mapping(state) }
            guard let key = state.key else {
                state.key = child.node
                // `<<` plain, or tagged `!!merge` (go-yaml honours both).
                state.merging = child.node.scalar.map {
                    ($0.text == "<<" && !$0.isExplicitString && $0.tag == nil) || $0.tag == "tag:yaml.org,2002:merge"
                } ?? false
                return
            }
            state.key = nil
            if state.merging {
                state.merging = false
                state.merged.append(contentsOf: try mergeSources(child.node))
                return
            }
            guard state.keys.insert(key) else {
                throw YAMLComposer.SyntaxError(
                    message: "duplicate key '\(key.scalar?.text ?? "")' in a mapping (the API server rejects duplicate fields)",
                    line: key.line, column: key.column)
            }
            state.pairs.append(YAMLNode.Pair(key: key, value: child.node))
        }
    }

    /// The pairs a `<<` value merges in: a mapping, or a list of mappings (earlier ones win).
    private mutating func mergeSources(_ value: YAMLNode) throws(YAMLComposer.SyntaxError) -> [YAMLNode.Pair] {
        var pairs: [YAMLNode.Pair] = []
        var present = KeySet()
        for source in value.items ?? [value] {
            guard let sourcePairs = source.pairs else {
                throw YAMLComposer.SyntaxError(message: "YAML merge key '<<' needs a mapping or a list of mappings", line: source.line, column: source.column)
            }
            // Merged pairs count against the expansion budget as alias nodes do.
            try spend(sourcePairs.count, line: source.line, column: source.column, what: "merge keys")
            for pair in sourcePairs where present.insert(pair.key) { pairs.append(pair) }
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
    private var small: [String] = []
    private var large: Set<[UInt8]>?

    /// False when an equal key is already in the set; keys that are not scalars are never equal.
    mutating func insert(_ key: YAMLNode) -> Bool {
        guard let text = key.scalar?.text else { return true }
        if let inserted = large?.insert(Array(text.utf8)).inserted { return inserted }
        for existing in small where existing.utf8.elementsEqual(text.utf8) { return false }
        small.append(text)
        if small.count > 16 {
            large = Set(small.map { Array($0.utf8) })
            small = []
        }
        return true
    }
}
