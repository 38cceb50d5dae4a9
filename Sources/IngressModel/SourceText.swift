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

    /// Byte offsets of line starts, split on LF bytes (a CRLF file is not one long "line").
    public func lineStarts() -> [Int] {
        var starts = [0]
        var offset = 0
        for byte in text.utf8 {
            offset += 1
            if byte == UInt8(ascii: "\n") { starts.append(offset) }
        }
        return starts
    }

    /// Line `number` (1-based) without its line break, unless it may hold Secret material.
    public func line(_ number: Int, starts: [Int]) -> String? {
        guard number >= 1, number <= starts.count, !isRedacted(line: number) else { return nil }
        let utf8 = text.utf8
        let start = starts[number - 1]
        var end = number < starts.count ? starts[number] - 1 : utf8.count
        let lower = utf8.index(utf8.startIndex, offsetBy: start)
        var upper = utf8.index(utf8.startIndex, offsetBy: end)
        if end > start, utf8[utf8.index(before: upper)] == UInt8(ascii: "\r") {
            end -= 1
            upper = utf8.index(before: upper)
        }
        guard end >= start else { return nil }
        return String(decoding: utf8[lower..<upper], as: UTF8.self)
    }
}
