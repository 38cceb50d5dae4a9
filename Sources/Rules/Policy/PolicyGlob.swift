/// A shell-style pattern of the policy: `*` any run of characters (dots and slashes included),
/// `?` one character, `[abc]`, `[a-z]` and `[!a]` one character of a set. Compiled when the
/// policy is read, so a pattern that cannot match as written (`[a-`) is refused with its line
/// rather than silently matching nothing at admission.
public struct PolicyGlob: Sendable, Hashable, CustomStringConvertible {
    enum Token: Sendable, Hashable {
        case literal(Character)
        case anyOne
        case anyRun
        case set(ranges: [ClosedRange<Character>], negated: Bool)
    }

    public let text: String
    let tokens: [Token]
    /// Compare without regard to case (hosts).
    let ignoresCase: Bool

    public struct SyntaxError: Error, CustomStringConvertible {
        public var description: String
    }

    public init(_ text: String, ignoresCase: Bool = false) throws {
        guard !text.isEmpty else { throw SyntaxError(description: "an empty pattern matches nothing") }
        self.text = text
        self.ignoresCase = ignoresCase
        let characters = Array(ignoresCase ? text.lowercased() : text)
        var tokens: [Token] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "*":
                if tokens.last != .anyRun { tokens.append(.anyRun) }
            case "?":
                tokens.append(.anyOne)
            case "[":
                var cursor = index + 1
                var negated = false
                if cursor < characters.count, characters[cursor] == "!" || characters[cursor] == "^" {
                    negated = true
                    cursor += 1
                }
                var ranges: [ClosedRange<Character>] = []
                var first = true
                while cursor < characters.count, characters[cursor] != "]" || first {
                    first = false
                    let low = characters[cursor]
                    if cursor + 2 < characters.count, characters[cursor + 1] == "-", characters[cursor + 2] != "]" {
                        let high = characters[cursor + 2]
                        guard low <= high else {
                            throw SyntaxError(description: "the range \(low)-\(high) in \"\(text)\" runs backwards")
                        }
                        ranges.append(low...high)
                        cursor += 3
                    } else {
                        ranges.append(low...low)
                        cursor += 1
                    }
                }
                guard cursor < characters.count else {
                    throw SyntaxError(description: "\"\(text)\" opens a [set] it never closes (write [[] for a literal [)")
                }
                tokens.append(.set(ranges: ranges, negated: negated))
                index = cursor
            case "]":
                throw SyntaxError(description: "\"\(text)\" closes a [set] it never opened")
            default:
                tokens.append(.literal(character))
            }
            index += 1
        }
        self.tokens = tokens
    }

    public var description: String { text }

    /// True when the pattern has no wildcard: it names one value.
    public var isLiteral: Bool { tokens.allSatisfy { if case .literal = $0 { return true } else { return false } } }

    /// Whole-value match. Backtracks only to the last `*`, so the cost stays within the product of
    /// the two lengths whatever the pattern.
    public func matches(_ value: String) -> Bool {
        let characters = Array(ignoresCase ? value.lowercased() : value)
        var position = 0
        var token = 0
        var lastStar: Int?
        var starPosition = 0
        while position < characters.count {
            if token < tokens.count, Self.matchesOne(tokens[token], characters[position]) {
                position += 1
                token += 1
            } else if token < tokens.count, tokens[token] == .anyRun {
                lastStar = token
                starPosition = position
                token += 1
            } else if let star = lastStar {
                starPosition += 1
                position = starPosition
                token = star + 1
            } else {
                return false
            }
        }
        while token < tokens.count, tokens[token] == .anyRun { token += 1 }
        return token == tokens.count
    }

    private static func matchesOne(_ token: Token, _ character: Character) -> Bool {
        switch token {
        case .literal(let expected): return expected == character
        case .anyOne: return true
        case .anyRun: return false
        case .set(let ranges, let negated): return ranges.contains { $0.contains(character) } != negated
        }
    }
}
