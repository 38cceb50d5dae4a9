import IngressModel
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
    }

    public var limits: InputLimits

    public init(limits: InputLimits = InputLimits()) {
        self.limits = limits
    }

    public func compose(_ text: String) -> Result {
        var documents: [Document] = []
        do {
            // `.basic` resolves no implicit types: the loader applies YAML 1.1 typing itself, and Yams'
            // regex-based resolution (run while hashing keys for its duplicate check) dominated load time.
            let parser = try Parser(yaml: text, resolver: .basic, encoding: .utf8)
            var index = 0
            while let root = try parser.nextRoot() {
                var conversion = Conversion(aliasBudget: limits.maxAliasExpansion)
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
    var seenAnchors: Set<ObjectIdentifier> = []
    var expanded = 0

    init(aliasBudget: Int) {
        self.aliasBudget = aliasBudget
    }

    mutating func convert(_ node: Node, underAlias: Bool) throws -> YAMLNode {
        var underAlias = underAlias
        if let anchor = node.anchor {
            let id = ObjectIdentifier(anchor)
            if seenAnchors.contains(id) { underAlias = true } else { seenAnchors.insert(id) }
        }
        if underAlias {
            expanded += 1
            if expanded > aliasBudget {
                let mark = node.mark
                throw YAMLComposer.SyntaxError(
                    message: "YAML aliases expand to more than \(aliasBudget) nodes (an alias bomb?); refusing to expand further",
                    line: mark?.line ?? 1, column: mark?.column ?? 1)
            }
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
            expanded += sourcePairs.count
            if expanded > aliasBudget {
                throw YAMLComposer.SyntaxError(
                    message: "YAML merge keys expand to more than \(aliasBudget) nodes; refusing to expand further",
                    line: converted.line, column: converted.column)
            }
            for pair in sourcePairs where present.insert(pair.key.scalar?.text ?? "").inserted { pairs.append(pair) }
        }
        return pairs
    }
}
