import IngressModel

/// Exact and Prefix paths are matched literally: a path written as a regex or glob never matches
/// what its author meant.
struct RegexPathNotImplementationSpecificRule: Rule {
    let declaration = RuleDeclaration(id: "regex-path-not-implementation-specific", category: .routing, severity: .warning)

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for ingress in context.inventory.ingresses {
            for rule in ingress.rules {
                for path in rule.http?.paths ?? [] {
                    guard let type = path.knownPathType, type != .implementationSpecific, let value = path.path,
                        let construct = Self.regexConstruct(in: value.value)
                    else { continue }
                    findings.append(finding(
                        "path \"\(value.value)\" looks like a regular expression or glob (\(construct)), but \(type.rawValue) paths match literally",
                        at: value, object: ingress.ref,
                        hint: "write a plain path (Prefix \"/api\" already matches /api/anything), or use pathType ImplementationSpecific with your controller's regex support (ingress-nginx: nginx.ingress.kubernetes.io/use-regex: \"true\")"))
                }
            }
        }
        return findings
    }

    static func regexConstruct(in path: String) -> String? {
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
