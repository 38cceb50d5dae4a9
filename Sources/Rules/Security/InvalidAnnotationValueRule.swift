import Foundation
import IngressModel
import Routing

/// Values of well-known annotations (ingress-nginx, NGINX Inc, Traefik, AWS Load Balancer
/// Controller, GKE) that their controller cannot parse: a boolean that is not true/false, a number
/// that is not a number, a malformed duration or size, a value outside the allowed set. The
/// controller then does not apply the setting the author meant; the fix is a value of the right type.
/// ingress-nginx values are checked as its own validators check them, and the severity says what
/// it then does: its admission webhook rejects the Ingress, the location answers 503, or the whole
/// external-auth setup is dropped (errors), or the setting is ignored (a warning). Keys under its
/// prefix that it does not read at all, and canary settings that cannot work, are reported too.
struct InvalidAnnotationValueRule: Rule {
    let declaration = RuleDeclaration(id: "invalid-annotation-value", category: .security, severity: .warning)

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for ingress in context.subjects {
            let annotations = ingress.metadata.annotations
            let profile = context.profile(of: ingress)
            let followsNginx = profile == .ingressNginx
            for (key, value) in annotations.sorted(by: { $0.key < $1.key }) {
                if key.hasPrefix(AnnotationCatalog.ingressNginxPrefix) {
                    guard followsNginx || profile == .specification else { continue }
                    findings += ingressNginx(key: key, value: value, ingress: ingress)
                    continue
                }
                guard let spec = AnnotationCatalog.spec(key), context.reads(spec, on: ingress) else { continue }
                let text = value.value.trimmingCharacters(in: .whitespacesAndNewlines)
                // Controllers treat an empty value as "not set".
                guard !text.isEmpty, let expected = spec.kind.expectation(unlessValid: text) else { continue }
                findings.append(finding(
                    "annotation \(key) is \(AnnotationCatalog.quoted(value.value)), but \(spec.profile.displayName) expects \(expected)",
                    at: value, object: ingress.ref, hint: "use \(expected); annotation values are strings, so quote it in YAML"))
            }
            if followsNginx { findings += canary(ingress) }
        }
        return findings
    }

    private func ingressNginx(key: String, value: Located<String>, ingress: Ingress) -> [Finding] {
        guard let entry = IngressNginxAnnotation.entry(forKey: key) else {
            let name = String(key.dropFirst(AnnotationCatalog.ingressNginxPrefix.count))
            let suggestion = Suggestion.closest(to: name, among: IngressNginxAnnotation.names).map { " (did you mean \(AnnotationCatalog.ingressNginxPrefix)\($0)?)" } ?? ""
            return [finding(
                "ingress-nginx reads no annotation \(key)\(suggestion): it is ignored",
                at: value, object: ingress.ref, hint: "see ingress-nginx's annotation list; a misspelt key silently leaves the setting off")]
        }
        var valid = entry.accepts(value.value)
        // StringToURL: a scheme and a host, else the location answers 503.
        if valid, entry.name == "auth-url", !value.value.isEmpty, !AnnotationValueKind.isAbsoluteURL(value.value.replacingOccurrences(of: " ", with: "")) { valid = false }
        guard !valid else { return [] }
        let (consequence, severity): (String, Severity) = {
            switch entry.onInvalid {
            case .ingressRejected: return ("ingress-nginx's admission webhook rejects the Ingress (without the webhook the controller skips it)", .error)
            case .locationDenied: return ("ingress-nginx makes the location answer 503", .error)
            case .groupDropped: return ("ingress-nginx drops the whole external-auth configuration, so the location is served without authentication", .error)
            case .ignored: return ("ingress-nginx ignores it and applies its default", .warning)
            }
        }()
        let expects = entry.name == "auth-url" ? "an absolute URL with a host, such as \"https://auth.example.com/verify\"" : entry.expects
        return [finding(
            "annotation \(key) is \(AnnotationCatalog.quoted(value.value)), but ingress-nginx expects \(expects): \(consequence)",
            at: value, object: ingress.ref, severity: severity,
            hint: "use \(expects) (validated in \(entry.source) of kubernetes/ingress-nginx); annotation values are strings, so quote them in YAML")]
    }

    /// Canary settings as ingress-nginx reads them (internal/ingress/annotations/canary).
    private static let canaryPrefix = AnnotationCatalog.ingressNginxPrefix + "canary"

    private func canary(_ ingress: Ingress) -> [Finding] {
        let annotations = ingress.metadata.annotations
        // Most Ingresses are no canary: one look at the keys instead of seven lookups.
        guard annotations.keys.contains(where: { $0.hasPrefix(Self.canaryPrefix) }) else { return [] }
        let prefix = AnnotationCatalog.ingressNginxPrefix
        func value(_ name: String) -> Located<String>? { annotations[prefix + name].flatMap { $0.value.isEmpty ? nil : $0 } }
        var findings: [Finding] = []
        let settings = ["canary-weight", "canary-by-header", "canary-by-cookie", "canary-by-header-value", "canary-by-header-pattern", "canary-weight-total"]
        let enabled = value("canary").flatMap { GoBoolean.parse($0.value) } == true
        if !enabled {
            if let first = settings.compactMap(value).first {
                findings.append(finding(
                    "canary settings without \(prefix)canary: \"true\" are dropped: ingress-nginx treats this Ingress as an ordinary one, whose routes compete with the main Ingress",
                    at: first, object: ingress.ref, hint: "add \(prefix)canary: \"true\", or remove the canary settings"))
            }
            return findings
        }
        if let weight = value("canary-weight"), let number = Int(weight.value) {
            let total = value("canary-weight-total").flatMap { Int($0.value) } ?? 100
            if number < 0 || number > total {
                findings.append(finding(
                    "\(prefix)canary-weight is \(number), outside 0 to canary-weight-total (\(total)): the canary gets \(number < 0 ? "no" : "all the") traffic",
                    at: weight, object: ingress.ref, hint: "give a weight between 0 and \(total)"))
            }
        }
        let byHeader = value("canary-by-header") != nil
        for name in ["canary-by-header-value", "canary-by-header-pattern"] {
            guard let setting = value(name), !byHeader else { continue }
            findings.append(finding(
                "\(prefix)\(name) has no effect without \(prefix)canary-by-header, which names the header it compares",
                at: setting, object: ingress.ref, hint: "add \(prefix)canary-by-header with the header name"))
        }
        if let pattern = value("canary-by-header-pattern"), (try? NSRegularExpression(pattern: pattern.value)) == nil {
            findings.append(finding(
                "\(prefix)canary-by-header-pattern \(AnnotationCatalog.quoted(pattern.value)) is no valid regular expression: no request matches it",
                at: pattern, object: ingress.ref, hint: "write a PCRE pattern such as \"^(alpha|beta)$\""))
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
