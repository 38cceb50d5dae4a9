
/// One JSON document composed straight into `YAMLNode`s, with the positions libyaml would give:
/// what the API server sends and the webhook receives is JSON, and going through libyaml cost a
/// tenth of an admission. Returns nil on anything it does not accept (a syntax error, a duplicate
/// key, nesting over 1000 levels, text after the document); the caller then takes the YAML path,
/// which reports the problem with its own wording.
public struct JSONComposer {
    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var column = 1
    private var depth = 0
    private var tree: DocumentTreeBuilder
    static let maximumDepth = 1000

    init(_ text: String) {
        bytes = Array(text.utf8)
        tree = DocumentTreeBuilder(capacityHint: bytes.count)
    }

    public static func compose(_ text: String) -> YAMLNode? {
        var composer = JSONComposer(text)
        guard let root = composer.value() else { return nil }
        composer.skipWhitespace()
        guard composer.index == composer.bytes.count else { return nil }
        return YAMLNode(tree: composer.tree.finish(), id: root)
    }

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func advance() {
        let byte = bytes[index]
        index += 1
        if byte == 0x0A {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            // Columns count characters, as libyaml's do: continuation bytes of UTF-8 add none.
            column += 1
        }
    }

    private mutating func skipWhitespace() {
        while let byte = peek, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { advance() }
    }

    private mutating func value() -> Int? {
        skipWhitespace()
        guard let byte = peek else { return nil }
        let (startLine, startColumn) = (line, column)
        switch byte {
        case UInt8(ascii: "{"):
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maximumDepth else { return nil }
            advance()
            let mark = tree.mark
            // By bytes, as the API server compares keys (NFC and NFD spellings are two keys).
            var keys = KeySet()
            skipWhitespace()
            if peek == UInt8(ascii: "}") {
                advance()
                return tree.close(.mapping, from: mark, line: startLine, column: startColumn)
            }
            while true {
                skipWhitespace()
                guard peek == UInt8(ascii: "\""), let key = value(), keys.insert(key, in: tree) else { return nil }
                skipWhitespace()
                guard peek == UInt8(ascii: ":") else { return nil }
                advance()
                tree.add(key)
                guard let item = value() else { return nil }
                tree.add(item)
                skipWhitespace()
                if peek == UInt8(ascii: ",") {
                    advance()
                } else if peek == UInt8(ascii: "}") {
                    advance()
                    return tree.close(.mapping, from: mark, line: startLine, column: startColumn)
                } else {
                    return nil
                }
            }
        case UInt8(ascii: "["):
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maximumDepth else { return nil }
            advance()
            let mark = tree.mark
            skipWhitespace()
            if peek == UInt8(ascii: "]") {
                advance()
                return tree.close(.sequence, from: mark, line: startLine, column: startColumn)
            }
            while true {
                guard let item = value() else { return nil }
                tree.add(item)
                skipWhitespace()
                if peek == UInt8(ascii: ",") {
                    advance()
                } else if peek == UInt8(ascii: "]") {
                    advance()
                    return tree.close(.sequence, from: mark, line: startLine, column: startColumn)
                } else {
                    return nil
                }
            }
        case UInt8(ascii: "\""):
            guard let span = string() else { return nil }
            return tree.scalar(span: span, isExplicitString: true, tag: nil, line: startLine, column: startColumn)
        default:
            let start = index
            while let next = peek, next == UInt8(ascii: "-") || next == UInt8(ascii: "+") || next == UInt8(ascii: ".")
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(next) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(next)
                || next == UInt8(ascii: "E") {
                advance()
            }
            let literal = bytes[start..<index]
            guard !literal.isEmpty,
                literal.elementsEqual("true".utf8) || literal.elementsEqual("false".utf8) || literal.elementsEqual("null".utf8)
                    || Double(String(decoding: literal, as: UTF8.self)) != nil
            else { return nil }
            let span = literal.withUnsafeBufferPointer { tree.appendText($0) }
            return tree.scalar(span: span, isExplicitString: false, tag: nil, line: startLine, column: startColumn)
        }
    }

    /// The string's decoded text, appended to the tree's text.
    private mutating func string() -> Range<Int>? {
        advance()
        let start = index
        // The closing quote is the first one not escaped; what is between is decoded in one go.
        while let byte = peek, byte != UInt8(ascii: "\"") {
            if byte == UInt8(ascii: "\\") {
                advance()
                guard peek != nil else { return nil }
            }
            advance()
        }
        guard peek != nil else { return nil }
        let content = bytes[start..<index]
        advance()
        // Most strings have no escape: their bytes are the text.
        if !content.contains(UInt8(ascii: "\\")), !content.contains(where: { $0 < 0x20 }) {
            return content.withUnsafeBufferPointer { tree.appendText($0) }
        }
        guard let text = JSONStringContent.decode(content, strict: true) else { return nil }
        return tree.appendText(text)
    }
}
