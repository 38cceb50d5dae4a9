/// A PCRE pattern of an Ingress, compiled once: ingress-nginx writes regex locations as
/// `location ~* "^PATH"`, rewrites as `rewrite "(?i)PATH" TARGET break;`, and matches
/// canary-by-header-pattern with `ngx.re.match`. Swift's Regex reads the PCRE syntax these use.
final class NginxRegex: @unchecked Sendable {
    // Immutable once built (Regex is not marked Sendable on every toolchain). A class: a host
    // tries each of its regex locations per request, and a struct was copied out at every one.
    private let regex: Regex<AnyRegexOutput>?
    let pattern: String
    /// The ASCII text every match starts with, when the pattern is anchored (`^/team-7/.*`: `/team-7/`),
    /// in lower case when the pattern ignores case.
    let anchoredLiteral: [UInt8]
    let ignoringCase: Bool

    init(_ pattern: String, ignoringCase: Bool) {
        self.pattern = pattern
        self.ignoringCase = ignoringCase
        let compiled = try? Regex(pattern)
        regex = ignoringCase ? compiled?.ignoresCase() : compiled
        anchoredLiteral = Self.anchoredLiteral(of: pattern, ignoringCase: ignoringCase)
    }

    /// The literal ASCII after a leading `^`, up to the first character PCRE reads otherwise, less
    /// a last character that a quantifier makes optional. Empty when the pattern is not anchored,
    /// or has an alternation outside any group (`^/a|/b` is not anchored on its right): the prefix
    /// is a filter that must never turn a match away, so what cannot be read plainly gives none.
    private static func anchoredLiteral(of pattern: String, ignoringCase: Bool) -> [UInt8] {
        let bytes = Array(pattern.utf8)
        guard bytes.first == UInt8(ascii: "^"), !hasTopLevelAlternation(bytes) else { return [] }
        var literal: [UInt8] = []
        for byte in bytes.dropFirst() {
            switch byte {
            case UInt8(ascii: "?"), UInt8(ascii: "*"), UInt8(ascii: "{"), UInt8(ascii: "+"):
                if !literal.isEmpty { literal.removeLast() }
                return literal
            case UInt8(ascii: "\\"), UInt8(ascii: "^"), UInt8(ascii: "$"), UInt8(ascii: "."), UInt8(ascii: "("), UInt8(ascii: ")"),
                UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: " "):
                return literal
            case 0x21...0x7E:
                literal.append(ignoringCase ? lowercased(byte) : byte)
            default:
                // A combining mark joins the character before it into one that a quantifier
                // after it may make optional: that character is not certain either.
                if !literal.isEmpty { literal.removeLast() }
                return literal
            }
        }
        return literal
    }

    /// A `|` outside every group, escapes and classes aside. A class is taken to end at its first
    /// `]` (PCRE may read that one as a literal and end it later): what is left over counts as
    /// outside, so a doubt finds an alternation rather than misses one. `(/|$)` is inside a group.
    private static func hasTopLevelAlternation(_ bytes: [UInt8]) -> Bool {
        var depth = 0
        var inClass = false
        var position = 0
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\\") {
                position += 2
                continue
            }
            if inClass {
                if byte == UInt8(ascii: "]") { inClass = false }
            } else {
                switch byte {
                case UInt8(ascii: "("): depth += 1
                case UInt8(ascii: ")"): depth -= 1
                case UInt8(ascii: "["): inClass = true
                case UInt8(ascii: "|") where depth <= 0: return true
                default: break
                }
            }
            position += 1
        }
        return false
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }

    /// False only when no match can exist: the text does not start with the anchored literal.
    /// A text byte outside ASCII leaves the question to the regex (Unicode case folding matches
    /// the Kelvin sign to `k`).
    private func mayMatch(_ text: Substring) -> Bool {
        guard !anchoredLiteral.isEmpty else { return true }
        var compared = 0
        for (byte, expected) in zip(text.utf8, anchoredLiteral) {
            if byte >= 0x80 { return true }
            if (ignoringCase ? Self.lowercased(byte) : byte) != expected { return false }
            compared += 1
        }
        return compared == anchoredLiteral.count
    }

    /// False when the pattern does not compile: nginx would refuse the configuration, so the
    /// location never serves.
    var compiles: Bool { regex != nil }

    /// The first match anywhere in `text` (the pattern's own `^` anchors it), with its capture
    /// groups (`$1`… in nginx), or nil.
    func firstMatch(in text: Substring) -> [Substring?]? {
        // A host with thousands of regex locations is tried location by location: most are told
        // apart by their first bytes, without running the regex.
        guard let regex, mayMatch(text), let match = try? regex.firstMatch(in: text) else { return nil }
        return match.output.map { $0.substring }
    }

    func matches(_ text: Substring) -> Bool { firstMatch(in: text) != nil }

    private struct Pattern: Hashable, Sendable {
        var text: String
        var ignoringCase: Bool
    }

    private static let memo = BoundedMemo<Pattern, NginxRegex>(capacity: 16_384)

    /// The pattern compiled once per process while the memo holds it (an immutable value, shared).
    static func compiled(_ pattern: String, ignoringCase: Bool) -> NginxRegex {
        memo.value(for: Pattern(text: pattern, ignoringCase: ignoringCase)) { NginxRegex($0.text, ignoringCase: $0.ignoringCase) }
    }

    static func mayBacktrackExponentially(_ pattern: String) -> Bool { RegexSafety.mayBacktrackExponentially(pattern) }

    static func search(_ pattern: String, in text: String, ignoringCase: Bool) -> Bool {
        compiled(pattern, ignoringCase: ignoringCase).matches(Substring(text))
    }

    /// nginx's replacement text: `$1`…`$9` become the groups (empty when a group took no part).
    static func substitute(_ replacement: String, groups: [Substring?]) -> String {
        var result = ""
        var characters = replacement[...]
        while let dollar = characters.firstIndex(of: "$") {
            result += characters[..<dollar]
            let after = characters.index(after: dollar)
            if after < characters.endIndex, let digit = characters[after].wholeNumberValue, digit >= 1 {
                if digit < groups.count, let group = groups[digit] { result += group }
                characters = characters[characters.index(after: after)...]
            } else {
                result += "$"
                characters = characters[after...]
            }
        }
        return result + characters
    }
}
