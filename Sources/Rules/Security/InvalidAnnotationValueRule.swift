import Foundation
import IngressModel
import Routing

/// Values of well-known annotations (ingress-nginx, NGINX Inc, Traefik, AWS Load Balancer
/// Controller, GKE) that their controller cannot parse: a boolean that is not true/false, a number
/// that is not a number, a malformed duration or size, a value outside the allowed set. The
/// controller then does not apply the setting the author meant; the fix is a value of the right type.
struct InvalidAnnotationValueRule: Rule {
    let declaration = RuleDeclaration(id: "invalid-annotation-value", category: .security, severity: .warning)

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for ingress in context.inventory.ingresses {
            for (key, value) in ingress.metadata.annotations.sorted(by: { $0.key < $1.key }) {
                guard let spec = AnnotationCatalog.spec(key), context.reads(spec, on: ingress) else { continue }
                let text = value.value.trimmingCharacters(in: .whitespacesAndNewlines)
                // Controllers treat an empty value as "not set".
                guard !text.isEmpty, let expected = spec.kind.expectation(unlessValid: text) else { continue }
                findings.append(finding(
                    "annotation \(key) is \(AnnotationCatalog.quoted(value.value)), but \(spec.profile.displayName) expects \(expected)",
                    at: value, object: ingress.ref, hint: "use \(expected); annotation values are strings, so quote it in YAML"))
            }
        }
        return findings
    }
}

extension AnnotationValueKind {
    /// What the controller expects, or nil when `text` already is that.
    func expectation(unlessValid text: String) -> String? {
        switch self {
        case .boolean:
            return AnnotationCatalog.goBoolean(text) == nil ? "a boolean: \"true\" or \"false\"" : nil
        case .integer:
            return Int(text) == nil ? "a whole number such as \"60\"" : nil
        case .duration:
            return Self.isNGINXTime(Substring(text)) ? nil : "an NGINX duration such as \"60s\", \"1m30s\" or \"500ms\""
        case .size:
            return Self.isNGINXSize(text) ? nil : "an NGINX size such as \"1m\", \"8k\" or \"1024\""
        case .absoluteURL:
            return Self.isAbsoluteURL(text) ? nil : "an absolute URL with scheme and host, such as \"https://auth.example.com/verify\""
        case .oneOf(let allowed, let caseSensitive):
            let matches = caseSensitive ? allowed.contains(text) : allowed.contains { $0.lowercased() == text.lowercased() }
            return matches ? nil : "one of " + allowed.map { "\"\($0)\"" }.joined(separator: ", ")
        case .text:
            return nil
        }
    }

    /// NGINX time syntax: number-unit pairs (ms, s, m, h, d, w, M, y); the last may omit the unit.
    static func isNGINXTime(_ text: Substring) -> Bool {
        var rest = text
        guard !rest.isEmpty else { return false }
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty else { return false }
            rest = rest.dropFirst(digits.count)
            if rest.hasPrefix("ms") {
                rest = rest.dropFirst(2)
            } else if let unit = rest.first {
                guard "smhdwMy".contains(unit) else { return false }
                rest = rest.dropFirst()
            }
        }
        return true
    }

    /// NGINX size syntax: a number with an optional b, k, m or g suffix (either case).
    static func isNGINXSize(_ text: String) -> Bool {
        var digits = Substring(text)
        if let last = digits.last, "bkmgBKMG".contains(last) { digits = digits.dropLast() }
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// As ingress-nginx's `StringToURL` checks it: a scheme and a non-empty host.
    static func isAbsoluteURL(_ text: String) -> Bool {
        guard let separator = text.range(of: "://") else { return false }
        let scheme = text[..<separator.lowerBound]
        guard let first = scheme.first, first.isLetter, scheme.allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) }) else { return false }
        let host = text[separator.upperBound...].prefix { !"/?#".contains($0) }
        return !host.isEmpty
    }
}
