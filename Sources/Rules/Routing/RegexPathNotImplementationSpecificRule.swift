import Foundation
import IngressModel
import Routing

/// Exact and Prefix paths are matched literally by the specification: a path written as a regex
/// or glob never matches what its author meant. What the serving controller does with it decides
/// the finding: AGIC reads a `*` as its wildcard (it appends one to every Prefix path, and trims the
/// trailing one of an Exact path, which then matches without it), the AWS Load
/// Balancer Controller refuses the Ingress (an error), ingress-nginx rejects it at admission since
/// v1.12 (an error), everywhere else it is a literal character (a warning).
struct RegexPathNotImplementationSpecificRule: Rule {
    let declaration = RuleDeclaration(id: "regex-path-not-implementation-specific", category: .routing, severity: .warning)

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for ingress in context.subjects {
            let judged = context.judgement(of: ingress)
            let profile = judged.profile
            // A guessed controller (class `nginx`, claimed by two) does not make it an error.
            let refusal: Severity = judged.basis == .guess ? .warning : .error
            for rule in ingress.rules {
                for path in rule.http?.paths ?? [] {
                    guard let type = path.knownPathType, type != .implementationSpecific, let value = path.path,
                        let construct = Self.regexConstruct(in: value.value)
                    else { continue }
                    if profile.wildcardInPrefix && type == .prefix && Self.onlyWildcards(value.value) { continue }
                    if profile.wildcardInPrefix, type == .exact, value.value.hasSuffix("*"), Self.regexConstruct(in: String(value.value.dropLast())) == nil {
                        // AGIC's preparePathFromPathType trims the `*` of an Exact path.
                        let trimmed = String(value.value.dropLast())
                        findings.append(finding(
                            "path \"\(value.value)\" is Exact with a trailing '*': \(profile.displayName) drops the '*' and matches \"\(trimmed)\" alone, not the paths under it",
                            at: value, object: ingress.ref,
                            hint: "for everything under \(trimmed), use pathType Prefix (\(profile.displayName) appends the '*' itself); for \(trimmed) alone, drop the '*'"))
                        continue
                    }
                    if profile.refusesWildcardInExactOrPrefix && (value.value.containsBytes("*") || value.value.containsBytes("?")) {
                        findings.append(finding(
                            "path \"\(value.value)\" has a wildcard in a \(type.rawValue) path: \(profile.displayName) refuses it (\"\(type == .exact ? "exact" : "prefix") path shouldn't contain wildcards\") and builds no load balancer for the Ingress",
                            at: value, object: ingress.ref, severity: refusal,
                            hint: "use pathType ImplementationSpecific for an ALB path pattern (`*` and `?`), or a plain Prefix path"))
                        continue
                    }
                    if profile.refusesRegexInExactOrPrefix {
                        findings.append(finding(
                            "path \"\(value.value)\" looks like a regular expression (\(construct)): ingress-nginx rejects it at admission (\"path \(value.value) cannot be used with pathType \(type.rawValue)\", strict-validate-path-type, on by default since v1.12)",
                            at: value, object: ingress.ref, severity: refusal,
                            hint: "use pathType ImplementationSpecific with nginx.ingress.kubernetes.io/use-regex: \"true\", or a plain path (Prefix \"/api\" already matches /api/anything)"))
                        continue
                    }
                    findings.append(finding(
                        "path \"\(value.value)\" looks like a regular expression or glob (\(construct)), but \(type.rawValue) paths match literally",
                        at: value, object: ingress.ref,
                        hint: "write a plain path (Prefix \"/api\" already matches /api/anything), or use pathType ImplementationSpecific with your controller's regex support (ingress-nginx: nginx.ingress.kubernetes.io/use-regex: \"true\")"))
                }
            }
        }
        return findings
    }

    /// True when `*` is the only construct: a glob that a wildcard-reading controller understands.
    static func onlyWildcards(_ path: String) -> Bool {
        let withoutStars = path.replacingOccurrences(of: "*", with: "")
        return regexConstruct(in: withoutStars) == nil && !path.containsBytes(".*")
    }

    static func regexConstruct(in path: String) -> String? {
        // Nearly every path is plain: one pass over its bytes before eleven searches.
        guard path.utf8.contains(where: { byte in
            switch byte {
            case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "^"), UInt8(ascii: "|"),
                UInt8(ascii: "\\"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "$"): return true
            default: return false
            }
        }) else { return nil }
        if path.containsBytes(".*") { return "'.*'" }
        if path.containsBytes(".+") { return "'.+'" }
        if path.containsBytes("*") { return "'*'" }
        if path.containsBytes("(") && path.containsBytes(")") { return "a group '( )'" }
        if path.containsBytes("[") && path.containsBytes("]") { return "a character class '[ ]'" }
        for marker in ["^", "|", "\\", "{", "}"] where path.containsBytes(marker) { return "'\(marker)'" }
        if path.count > 1 && path.hasSuffix("$") { return "a trailing '$'" }
        return nil
    }
}
