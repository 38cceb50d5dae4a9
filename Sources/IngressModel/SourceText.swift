/// The text of one input, kept so reports can quote the offending line. Lines that may hold Secret
/// key material are never handed out.
public struct SourceText: Sendable {
    public var path: String
    public var text: String
    public var redactedLines: [ClosedRange<Int>]

    public init(path: String, text: String, redactedLines: [ClosedRange<Int>] = []) {
        self.path = path
        self.text = text
        self.redactedLines = redactedLines
    }

    public func isRedacted(line: Int) -> Bool { redactedLines.contains { $0.contains(line) } }
}
