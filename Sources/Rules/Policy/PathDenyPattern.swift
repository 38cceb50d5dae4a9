import Routing

/// One entry of `paths.deny`: a path prefix, or `regex:PATTERN` searched anywhere in the path.
/// A policy is the platform team's, but the paths it runs on are anyone's: a pattern that may
/// backtrack exponentially is refused when the policy is read, since the webhook would run it on
/// every tenant's Ingress.
public struct PathDenyPattern: @unchecked Sendable, CustomStringConvertible {
    // Regex is immutable once built; it is not marked Sendable on every toolchain.
    public enum Kind: Sendable { case prefix, regex }

    public let text: String
    public let kind: Kind
    private let regex: Regex<AnyRegexOutput>?

    public struct SyntaxError: Error, CustomStringConvertible {
        public var description: String
    }

    public init(_ text: String) throws {
        self.text = text
        if text.hasPrefix("regex:") {
            let pattern = String(text.dropFirst("regex:".count))
            guard !pattern.isEmpty else { throw SyntaxError(description: "\"regex:\" needs a pattern after it") }
            guard !RegexSafety.mayBacktrackExponentially(pattern) else {
                throw SyntaxError(description: "the pattern \(pattern) may backtrack exponentially (a quantified group holding a quantifier or an alternation, or a backreference); the webhook runs it on every admitted path, so write it without one")
            }
            do {
                regex = try Regex(pattern)
            } catch {
                throw SyntaxError(description: "the regular expression \(pattern) does not compile: \(error)")
            }
            kind = .regex
        } else {
            guard text.hasPrefix("/") else { throw SyntaxError(description: "a denied path prefix starts with / (or write regex:PATTERN), got \"\(text)\"") }
            regex = nil
            kind = .prefix
        }
    }

    public var description: String { text }

    /// A prefix matches by characters (`/etc` denies `/etc/passwd` and `/etcd` alike: a deny list
    /// errs towards refusing), also after runs of slashes are collapsed, since nginx merges them
    /// (`//etc`).
    public func matches(_ path: String) -> Bool {
        switch kind {
        case .prefix:
            return path.hasPrefix(text) || Self.mergingSlashes(path).hasPrefix(text)
        case .regex:
            guard let regex else { return false }
            return (try? regex.firstMatch(in: path)) != nil
        }
    }

    static func mergingSlashes(_ path: String) -> String {
        var result = ""
        var previousSlash = false
        for character in path {
            if character == "/" && previousSlash { continue }
            previousSlash = character == "/"
            result.append(character)
        }
        return result
    }
}
