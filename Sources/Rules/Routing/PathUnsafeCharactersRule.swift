import IngressModel

/// Exact and Prefix paths with characters that no client sends in a path: `#` and `?` end the path
/// part of a URL, whitespace and other characters outside RFC 3986 arrive percent-encoded, so the
/// route never matches. (Regex characters are left to regex-path-not-implementation-specific.)
struct PathUnsafeCharactersRule: Rule {
    let declaration = RuleDeclaration(id: "path-unsafe-characters", category: .routing, severity: .warning)
    static let regexCharacters: Set<Character> = ["[", "]", "{", "}", "^", "|", "\\"]
    static let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/%")

    /// A byte of `allowed` or `regexCharacters`, other than `%` (which needs its two hex digits).
    static func isPlain(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return plainPunctuation.contains(byte)
        }
    }

    private static let plainPunctuation = Set("-._~!$&'()*+,;=:@/[]{}^|\\".utf8)

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for ingress in context.subjects {
            for rule in ingress.rules {
                for path in rule.http?.paths ?? [] {
                    guard let type = path.knownPathType, type != .implementationSpecific, let value = path.path else { continue }
                    let problems = Self.problems(in: value.value)
                    guard !problems.isEmpty else { continue }
                    findings.append(finding(
                        "path \"\(value.value)\" (\(type.rawValue)) contains \(problems.joined(separator: ", ")): a request path can never match it",
                        at: value, object: ingress.ref,
                        hint: "requests send such characters percent-encoded, and `?`/`#` start the query or fragment; remove them or percent-encode them in the path"))
                }
            }
        }
        return findings
    }

    static func problems(in path: String) -> [String] {
        // Almost every path is plain ASCII of the allowed set: told by one pass over the bytes
        // before the walk over characters that names each problem.
        if path.utf8.allSatisfy(isPlain) { return [] }
        var problems: [String] = []
        func add(_ problem: String) { if !problems.contains(problem) { problems.append(problem) } }
        let characters = Array(path)
        for (index, character) in characters.enumerated() {
            switch character {
            case "#": add("'#' (starts a fragment)")
            case "?": add("'?' (starts the query string)")
            case " ", "\t", "\n", "\r": add("whitespace")
            case "%":
                let hex = characters.dropFirst(index + 1).prefix(2)
                if hex.count < 2 || !hex.allSatisfy(\.isHexDigit) { add("'%' not followed by two hex digits") }
            default:
                if regexCharacters.contains(character) || allowed.contains(character) { continue }
                if !character.isASCII {
                    add("non-ASCII '\(character)'")
                } else if character.asciiValue.map({ $0 < 0x20 || $0 == 0x7F }) == true {
                    add("a control character")
                } else {
                    add("'\(character)' (outside RFC 3986)")
                }
            }
        }
        return problems
    }
}
