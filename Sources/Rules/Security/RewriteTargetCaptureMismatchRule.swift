import IngressModel
import Routing

/// ingress-nginx `rewrite-target` replaces the whole request URI of every path of the Ingress
/// (`rewrite "(?i)<path>" <target> break;`, skipped for a path equal to the target), and since
/// v0.22.0 only what the path captures in a group survives, as `$1`, `$2`, ... This rule reports a
/// target that refers to a group the path does not capture (it expands to nothing), and a target
/// without any group or variable on a non-Exact path, which sends every request under the path to
/// one and the same URI. Fix: capture what must be kept, e.g. path `/api(/|$)(.*)` with `/$2`.
struct RewriteTargetCaptureMismatchRule: Rule {
    let declaration = RuleDeclaration(id: "rewrite-target-capture-mismatch", category: .security, severity: .warning)

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for ingress in context.subjects {
            guard let target = ingress.metadata.annotations[AnnotationCatalog.rewriteTarget], !target.value.isEmpty,
                context.followsIngressNginx(ingress)
            else { continue }
            let references = Self.captureReferences(in: target.value)
            let usesVariables = Self.containsVariable(target.value)
            var seen: Set<String> = []
            for rule in ingress.rules {
                for path in rule.http?.paths ?? [] {
                    let text = path.pathText
                    // ingress-nginx emits no rewrite for a path equal to the target.
                    guard text != target.value, seen.insert("\(path.pathType?.value ?? "")\u{0}\(text)").inserted else { continue }
                    let groups = Self.captureGroupCount(in: text)
                    let related = [RelatedLocation(message: "path \"\(text)\"", location: path.path?.location ?? path.location, object: ingress.ref)]
                    let targetText = AnnotationCatalog.quoted(target.value)
                    if let highest = references.max(), highest > groups {
                        let captured = groups == 0 ? "captures no group" : "captures only \(groups) group\(groups == 1 ? "" : "s")"
                        findings.append(finding(
                            "rewrite-target \(targetText) refers to $\(highest), but path \"\(text)\" \(captured): $\(highest) expands to an empty string",
                            at: target, object: ingress.ref, related: related,
                            hint: "capture the part of the URI to keep in a group, e.g. path \"/api(/|$)(.*)\" with rewrite-target \"/$2\", and use pathType ImplementationSpecific"))
                    } else if references.isEmpty, !usesVariables, path.knownPathType != .exact {
                        let groupsText = groups == 0 ? "captures nothing" : "captures groups the target never uses"
                        findings.append(finding(
                            "path \"\(text)\" \(groupsText), so rewrite-target \(targetText) rewrites every request under it to exactly that URI",
                            at: target, object: ingress.ref, related: related,
                            hint: Self.stripPrefixHint(for: text)))
                    }
                }
            }
        }
        return findings
    }

    /// The `$1`...`$9` groups a rewrite target refers to (NGINX numbers captures with one digit).
    static func captureReferences(in target: String) -> Set<Int> {
        var references: Set<Int> = []
        var previous: Character?
        for character in target {
            if previous == "$", let digit = character.wholeNumberValue, character.isASCII, digit >= 1 { references.insert(digit) }
            previous = character
        }
        return references
    }

    /// Whether the target carries request data through an NGINX variable such as `$request_uri`.
    static func containsVariable(_ target: String) -> Bool {
        var previous: Character?
        for character in target {
            if previous == "$", character.isLetter || character == "_" || character == "{" { return true }
            previous = character
        }
        return false
    }

    /// Capturing groups of a PCRE pattern: `(`, `(?<name>`, `(?P<name>` and `(?'name'`, but not
    /// escaped parentheses, parentheses in character classes, or other `(?` constructs.
    static func captureGroupCount(in pattern: String) -> Int {
        let characters = Array(pattern)
        var count = 0
        var index = 0
        var inClass = false
        func at(_ offset: Int) -> Character? { index + offset < characters.count ? characters[index + offset] : nil }
        while index < characters.count {
            let character = characters[index]
            if character == "\\" {
                index += 2
                continue
            }
            if inClass {
                if character == "]" { inClass = false }
                index += 1
                continue
            }
            if character == "[" {
                inClass = true
                index += 1
                // A `]` first in the class (after an optional `^`) is a literal.
                if at(0) == "^" { index += 1 }
                if at(0) == "]" { index += 1 }
                continue
            }
            if character == "(" {
                switch at(1) {
                case .some("?"):
                    let after = String(characters[min(index + 2, characters.count)..<min(index + 4, characters.count)])
                    let lookbehind = after.hasPrefix("<=") || after.hasPrefix("<!")
                    if (after.hasPrefix("<") && !lookbehind) || after.hasPrefix("P<") || after.hasPrefix("'") { count += 1 }
                case .some("*"):
                    break
                default:
                    count += 1
                }
            }
            index += 1
        }
        return count
    }

    /// The documented prefix-stripping form of a plain path: `/api` becomes `/api(/|$)(.*)`.
    static func stripPrefixHint(for path: String) -> String {
        var base = path
        while base.hasSuffix("/") { base.removeLast() }
        guard !base.isEmpty else { return "remove rewrite-target: on the root path it can only ever produce one URI" }
        return "to strip the prefix, capture the rest and refer to it: path \"\(base)(/|$)(.*)\" with rewrite-target \"/$2\" (pathType ImplementationSpecific)"
    }
}
