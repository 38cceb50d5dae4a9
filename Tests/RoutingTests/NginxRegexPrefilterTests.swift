import Testing
@testable import Routing

/// `NginxRegex` turns a text away by the literal its anchored pattern starts with, before running
/// the regex. That filter may only save time: each pattern below must match exactly the texts
/// that Swift's Regex, run alone, matches.
@Suite struct NginxRegexPrefilterTests {
    static func plain(_ pattern: String, ignoringCase: Bool, _ text: String) -> Bool {
        guard let compiled = try? Regex(pattern) else { return false }
        let regex = ignoringCase ? compiled.ignoresCase() : compiled
        return (try? regex.firstMatch(in: text)) != nil
    }

    static let patterns = [
        "^/team-7/.*", "^/team-7(/|$)(.*)", "^/ab?c", "^/abc*", "^/ab{0,1}c", "^/ab+c", "^/a|/b", "^/(a|b)",
        "^/kelvin", "^/API/v1", "^/a\\.b", "^/a.b", "^/", "^", "/team-7", "^/ab\u{301}?", "^/caf\u{E9}", "^/x$",
        "^/[a-z]+", "^/a#b", "^/a b", "^/a}b", "^/a(?i)B", "^/Z", "^/ab(c|d)|/x", "^/ab[|]c", "^/ab\\|x", "^/ab(/|$)(.*)|/z",
        "^/a[]|]b", "^/a(b))|/z",
    ]

    static let texts = [
        "/team-7/x", "/TEAM-7/x", "/team-7", "/team-70", "/team-12/x", "/ac", "/abc", "/abbc", "/aBC", "/b", "/a",
        "/\u{212A}elvin", "/kelvin", "/KELVIN", "/api/v1/x", "/Api/V1", "/a.b", "/axb", "/", "", "/x", "/ab\u{301}",
        "/caf\u{E9}", "/cafe\u{301}", "/CAF\u{C9}", "/a#b", "/a b", "/a}b", "/ab", "/aB", "/z", "/Z", "x/team-7/", "/x", "/abc", "/ab|c", "/ab|x", "/z/", "/a|b", "/a]b", "/abd",
    ]

    @Test(arguments: [true, false])
    func theFilterNeverChangesAMatch(ignoringCase: Bool) {
        for pattern in Self.patterns {
            let regex = NginxRegex(pattern, ignoringCase: ignoringCase)
            for text in Self.texts {
                #expect(regex.matches(Substring(text)) == Self.plain(pattern, ignoringCase: ignoringCase, text), "\(pattern) on \(text)")
            }
        }
    }

    /// Patterns and texts drawn from pieces that PCRE reads in every way (literals in both cases,
    /// quantifiers, classes, groups, alternations, a non-ASCII letter), by a fixed seed.
    @Test func randomPatternsMatchAsTheRegexAlone() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let pieces = ["a", "B", "/", "-", "7", "k", "?", "*", "+", "{1,2}", ".", "(", ")", "|", "[ab]", "[|]", "(/|$)", "\u{212A}", "\u{E9}", "$", "\\d"]
        let letters = ["a", "A", "b", "B", "/", "-", "7", "k", "K", "\u{212A}", "\u{E9}", "e\u{301}", "x"]
        var compared = 0
        var matched = 0
        for _ in 0..<400 {
            let pattern = "^/" + (0..<(1 + next(6))).map { _ in pieces[next(pieces.count)] }.joined()
            guard (try? Regex(pattern)) != nil else { continue }
            let ignoringCase = next(2) == 0
            let regex = NginxRegex(pattern, ignoringCase: ignoringCase)
            for _ in 0..<12 {
                let text = "/" + (0..<next(6)).map { _ in letters[next(letters.count)] }.joined()
                let expected = Self.plain(pattern, ignoringCase: ignoringCase, text)
                #expect(regex.matches(Substring(text)) == expected, "\(pattern) on \(text), ignoring case: \(ignoringCase)")
                compared += 1
                if expected { matched += 1 }
            }
        }
        #expect(compared > 1_000, "only \(compared) comparisons: the generator makes too few valid patterns")
        #expect(matched > 100, "only \(matched) texts matched: the comparison says little about matches")
    }
}
