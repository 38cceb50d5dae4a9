import Yams

/// Parses YAML (and JSON, a subset of it) into `YAMLNode` documents with positions.
///
/// Yams shares an anchored node between its aliases, so a naive walk of its tree expands an alias
/// bomb exponentially; the conversion counts the nodes that aliases add and stops at the budget.
/// libyaml itself caps nesting at 1000 levels.
public struct YAMLComposer: Sendable {
    public struct Document: Sendable {
        public var root: YAMLNode
        public var index: Int

        public init(root: YAMLNode, index: Int) {
            self.root = root
            self.index = index
        }
    }

    public struct SyntaxError: Error, Sendable {
        public var message: String
        public var line: Int
        public var column: Int
    }

    public struct Result: Sendable {
        public var documents: [Document]
        /// Set when parsing stopped early; the documents before it are still returned.
        public var error: SyntaxError?

        public init(documents: [Document], error: SyntaxError? = nil) {
            self.documents = documents
            self.error = error
        }
    }

    /// Nodes aliases and merge keys may add to one text, over all its documents.
    public var aliasBudget: Int
    /// What a whole run may add (`ManifestLoader` shares one across its files).
    public var runAllowance: AliasAllowance?

    public init(aliasBudget: Int = 100_000, runAllowance: AliasAllowance? = nil) {
        self.aliasBudget = aliasBudget
        self.runAllowance = runAllowance
    }

    /// The budget of one text: at most `aliasBudget`, and a multiple of the text's size, so that
    /// the tree stays within a bounded multiple of the input however the aliases nest.
    func budget(for text: String) -> Int {
        min(aliasBudget, max(4096, 64 * text.utf8.count))
    }

    public func compose(_ text: String) -> Result {
        var documents: [Document] = []
        do {
            // `.basic` resolves no implicit types: the loader applies YAML 1.1 typing itself, and Yams'
            // regex-based resolution (run while hashing keys for its duplicate check) dominated load time.
            let parser = try Parser(yaml: text, resolver: .basic, encoding: .utf8)
            var index = 0
            // One budget for the whole text: a file of many documents, each just under a
            // per-document cap, was 37 s and 5.4 GB for 1.6 MB.
            var conversion = Conversion(aliasBudget: budget(for: text), run: runAllowance)
            while let root = try parser.nextRoot() {
                let node = try conversion.convert(root, underAlias: false)
                documents.append(Document(root: node, index: index))
                index += 1
            }
            return Result(documents: documents, error: nil)
        } catch let error as SyntaxError {
            return Result(documents: documents, error: error)
        } catch let error as YamlError {
            return Result(documents: documents, error: Self.syntaxError(from: error))
        } catch {
            return Result(documents: documents, error: SyntaxError(message: "\(error)", line: 1, column: 1))
        }
    }

    static func syntaxError(from error: YamlError) -> SyntaxError {
        func describe(_ context: YamlError.Context?, _ problem: String) -> String {
            guard let context, !context.text.isEmpty else { return problem }
            return "\(problem) (\(context.text) at line \(context.mark.line), column \(context.mark.column))"
        }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
            let .composer(context, problem, mark, _):
            return SyntaxError(message: "YAML syntax error: \(describe(context, problem))", line: mark.line, column: mark.column)
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return SyntaxError(
                message: "duplicate key \(keys) in a mapping (the API server rejects duplicate fields)",
                line: context.mark.line, column: context.mark.column)
        case let .reader(problem, _, _, _):
            return SyntaxError(message: "YAML reader error: \(problem)", line: 1, column: 1)
        default:
            return SyntaxError(message: "YAML error: \(error)", line: 1, column: 1)
        }
    }
}

private struct Conversion {
    var aliasBudget: Int
    var run: AliasAllowance?
    /// What the run's allowance has granted this text so far.
    var granted = 0
    var seenAnchors: Set<ObjectIdentifier> = []
    var expanded = 0

    init(aliasBudget: Int, run: AliasAllowance?) {
        self.aliasBudget = aliasBudget
        self.run = run
    }

    /// Counts `count` added nodes; throws once the text's budget or the run's allowance is spent.
    mutating func spend(_ count: Int, line: Int, column: Int, what: String) throws {
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

    mutating func convert(_ node: Node, underAlias: Bool) throws -> YAMLNode {
        var underAlias = underAlias
        if let anchor = node.anchor {
            let id = ObjectIdentifier(anchor)
            if seenAnchors.contains(id) { underAlias = true } else { seenAnchors.insert(id) }
        }
        if underAlias {
            try spend(1, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1, what: "aliases")
        }
        let line = node.mark?.line ?? 1
        let column = node.mark?.column ?? 1
        switch node {
        case .scalar(let scalar):
            let tag = scalar.tag.rawValue
            let stringTag = "tag:yaml.org,2002:str"
            let explicitString = scalar.style != .plain || tag == stringTag
            let explicitTag: String? = (tag.isEmpty || tag == "!" || tag == stringTag) ? nil : tag
            let value = YAMLNode.Scalar(text: scalar.string, isExplicitString: explicitString && explicitTag == nil, tag: explicitTag)
            return YAMLNode(.scalar(value), line: line, column: column)
        case .sequence(let sequence):
            var items: [YAMLNode] = []
            items.reserveCapacity(sequence.count)
            for item in sequence { items.append(try convert(item, underAlias: underAlias)) }
            return YAMLNode(.sequence(items), line: line, column: column)
        case .mapping(let mapping):
            var pairs: [YAMLNode.Pair] = []
            pairs.reserveCapacity(mapping.count)
            var merged: [YAMLNode.Pair] = []
            for (key, value) in mapping {
                if case .scalar(let keyScalar) = key, keyScalar.string == "<<", keyScalar.style == .plain {
                    merged.append(contentsOf: try mergeSources(value, underAlias: underAlias))
                    continue
                }
                pairs.append(YAMLNode.Pair(key: try convert(key, underAlias: underAlias), value: try convert(value, underAlias: underAlias)))
            }
            // YAML merge keys (go-yaml honours them): explicit keys win over merged ones.
            if !merged.isEmpty {
                var present = Set(pairs.compactMap { $0.key.scalar?.text })
                for pair in merged where present.insert(pair.key.scalar?.text ?? "").inserted { pairs.append(pair) }
            }
            return YAMLNode(.mapping(pairs), line: line, column: column)
        case .alias:
            throw YAMLComposer.SyntaxError(message: "unresolved YAML alias", line: line, column: column)
        }
    }

    mutating func mergeSources(_ value: Node, underAlias: Bool) throws -> [YAMLNode.Pair] {
        let sources: [Node]
        if case .sequence(let sequence) = value { sources = Array(sequence) } else { sources = [value] }
        var pairs: [YAMLNode.Pair] = []
        var present: Set<String> = []
        for source in sources {
            let converted = try convert(source, underAlias: underAlias)
            guard let sourcePairs = converted.pairs else {
                throw YAMLComposer.SyntaxError(
                    message: "YAML merge key '<<' needs a mapping or a list of mappings",
                    line: converted.line, column: converted.column)
            }
            // Merged nodes count against the expansion budget like alias nodes do.
            try spend(sourcePairs.count, line: converted.line, column: converted.column, what: "merge keys")
            for pair in sourcePairs where present.insert(pair.key.scalar?.text ?? "").inserted { pairs.append(pair) }
        }
        return pairs
    }
}
