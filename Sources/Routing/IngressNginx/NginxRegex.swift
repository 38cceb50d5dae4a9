/// A PCRE pattern of an Ingress, compiled once: ingress-nginx writes regex locations as
/// `location ~* "^PATH"`, rewrites as `rewrite "(?i)PATH" TARGET break;`, and matches
/// canary-by-header-pattern with `ngx.re.match`. Swift's Regex reads the PCRE syntax these use.
struct NginxRegex: @unchecked Sendable {
    // Regex is immutable once built; it is not marked Sendable on every toolchain.
    private let regex: Regex<AnyRegexOutput>?
    let pattern: String

    init(_ pattern: String, ignoringCase: Bool) {
        self.pattern = pattern
        let compiled = try? Regex(pattern)
        regex = ignoringCase ? compiled?.ignoresCase() : compiled
    }

    /// False when the pattern does not compile: nginx would refuse the configuration, so the
    /// location never serves.
    var compiles: Bool { regex != nil }

    /// The first match anywhere in `text` (the pattern's own `^` anchors it), with its capture
    /// groups (`$1`… in nginx), or nil.
    func firstMatch(in text: Substring) -> [Substring?]? {
        guard let regex, let match = try? regex.firstMatch(in: text) else { return nil }
        return match.output.map { $0.substring }
    }

    func matches(_ text: Substring) -> Bool { firstMatch(in: text) != nil }

    static func mayBacktrackExponentially(_ pattern: String) -> Bool { RegexSafety.mayBacktrackExponentially(pattern) }

    static func search(_ pattern: String, in text: String, ignoringCase: Bool) -> Bool {
        NginxRegex(pattern, ignoringCase: ignoringCase).matches(Substring(text))
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
