/// A mistake in a document the tool reads as settings (configuration, expectations, kubeconfig,
/// rule files), where it is: `file:line:column: message`, as compilers and the lint report say it.
public struct DocumentError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(_ message: String, file: String, line: Int, column: Int) {
        self.message = message
        self.file = file
        self.line = line
        self.column = column
    }

    /// At a node of the document.
    public init(_ message: String, at node: YAMLNode, file: String) {
        self.init(message, file: file, line: node.line, column: node.column)
    }

    /// The composer's syntax error.
    public init(_ error: YAMLComposer.SyntaxError, file: String) {
        self.init(error.message, file: file, line: error.line, column: error.column)
    }

    public var description: String { "\(file):\(line):\(column): \(message)" }
}
