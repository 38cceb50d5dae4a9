/// A rule with neither `host` nor `http` matches nothing and routes nothing; it is usually a
/// leftover or an indentation slip.
struct EmptyRuleRule: Rule {
    let declaration = RuleDeclaration(id: "empty-rule", category: .routing, severity: .warning)

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for ingress in context.subjects {
            for rule in ingress.rules where (rule.host?.value ?? "").isEmpty && rule.http == nil {
                findings.append(finding(
                    "\(rule.field) has neither host nor http: it routes nothing", at: rule.location, object: ingress.ref,
                    field: rule.field, hint: "remove the rule, or add `http.paths` (and a `host`)"))
            }
        }
        return findings
    }
}
