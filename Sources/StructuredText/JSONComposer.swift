
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
    static let maximumDepth = 1000

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    public static func compose(_ text: String) -> YAMLNode? {
        var composer = JSONComposer(text)
        guard let root = composer.value() else { return nil }
        composer.skipWhitespace()
        return composer.index == composer.bytes.count ? root : nil
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

    private mutating func value() -> YAMLNode? {
        skipWhitespace()
        guard let byte = peek else { return nil }
        let (startLine, startColumn) = (line, column)
        switch byte {
        case UInt8(ascii: "{"):
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maximumDepth else { return nil }
            advance()
            var pairs: [YAMLNode.Pair] = []
            // By bytes, as the API server compares keys (NFC and NFD spellings are two keys).
            var keys = KeySet()
            skipWhitespace()
            if peek == UInt8(ascii: "}") {
                advance()
                return YAMLNode(.mapping(pairs), line: startLine, column: startColumn)
            }
            while true {
                skipWhitespace()
                guard peek == UInt8(ascii: "\""), let key = value(), key.scalar != nil, keys.insert(key) else { return nil }
                skipWhitespace()
                guard peek == UInt8(ascii: ":") else { return nil }
                advance()
                guard let item = value() else { return nil }
                pairs.append(YAMLNode.Pair(key: key, value: item))
                skipWhitespace()
                if peek == UInt8(ascii: ",") {
                    advance()
                } else if peek == UInt8(ascii: "}") {
                    advance()
                    return YAMLNode(.mapping(pairs), line: startLine, column: startColumn)
                } else {
                    return nil
                }
            }
        case UInt8(ascii: "["):
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maximumDepth else { return nil }
            advance()
            var items: [YAMLNode] = []
            skipWhitespace()
            if peek == UInt8(ascii: "]") {
                advance()
                return YAMLNode(.sequence(items), line: startLine, column: startColumn)
            }
            while true {
                guard let item = value() else { return nil }
                items.append(item)
                skipWhitespace()
                if peek == UInt8(ascii: ",") {
                    advance()
                } else if peek == UInt8(ascii: "]") {
                    advance()
                    return YAMLNode(.sequence(items), line: startLine, column: startColumn)
                } else {
                    return nil
                }
            }
        case UInt8(ascii: "\""):
            guard let text = string() else { return nil }
            return YAMLNode(.scalar(YAMLNode.Scalar(text: text, isExplicitString: true)), line: startLine, column: startColumn)
        default:
            let start = index
            while let next = peek, next == UInt8(ascii: "-") || next == UInt8(ascii: "+") || next == UInt8(ascii: ".")
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(next) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(next)
                || next == UInt8(ascii: "E") {
                advance()
            }
            let literal = String(decoding: bytes[start..<index], as: UTF8.self)
            guard !literal.isEmpty, literal == "true" || literal == "false" || literal == "null" || Double(literal) != nil else { return nil }
            return YAMLNode(.scalar(YAMLNode.Scalar(text: literal, isExplicitString: false)), line: startLine, column: startColumn)
        }
    }

    private mutating func string() -> String? {
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
        return JSONStringContent.decode(content, strict: true)
    }
}
