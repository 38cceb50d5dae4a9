/// Parses YAML (and JSON, a subset of it) into `YAMLNode` documents with positions, from libyaml's
/// events (see `YAMLEvents` for why not through Yams' tree).
///
/// An alias shares its anchored node, so a naive expansion of an alias bomb grows exponentially;
/// the builder counts the nodes that aliases add and stops at the budget. libyaml itself caps
/// nesting at 1000 levels.
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
        var roots: [Int] = []
        let events = YAMLEvents(text)
        // One budget for the whole text: a file of many documents, each just under a
        // per-document cap, was 37 s and 5.4 GB for 1.6 MB.
        var builder = TreeBuilder(aliasBudget: budget(for: text), run: runAllowance, capacityHint: text.utf8.count)
        var failure: SyntaxError?
        do throws(SyntaxError) {
            reading: while true {
                let (event, line, column) = try events.next(into: &builder.tree)
                switch event {
                case .streamStart: continue
                case .streamEnd: break reading
                case .documentStart:
                    builder.startDocument()
                    let root = try builder.document(from: events)
                    // Kept only once the document ends well (`{...}\n{...}` fails at its end).
                    let (end, line, column) = try events.next(into: &builder.tree)
                    guard case .documentEnd = end else {
                        throw SyntaxError(message: "YAML error: the document does not end after its root node", line: line, column: column)
                    }
                    roots.append(root)
                default:
                    throw SyntaxError(message: "YAML error: a node outside a document", line: line, column: column)
                }
            }
        } catch {
            failure = error
        }
        let tree = builder.tree.finish()
        return Result(documents: roots.enumerated().map { Document(root: YAMLNode(tree: tree, id: $1), index: $0) }, error: failure)
    }
}
