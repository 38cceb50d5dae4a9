/// networking.k8s.io/v1 has no default for pathType; the API server requires it.
struct MissingPathTypeRule: Rule {
    let declaration = RuleDeclaration(id: "missing-path-type", category: .schema, severity: .error)

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for ingress in context.subjects {
            for rule in ingress.rules {
                for path in rule.http?.paths ?? [] where path.pathType == nil {
                    findings.append(finding(
                        "\(path.field).pathType: Required value: pathType must be specified",
                        at: path.location, object: ingress.ref, field: "\(path.field).pathType",
                        hint: "add `pathType: Prefix` (what most v1beta1 users meant) or `Exact`; `ImplementationSpecific` keeps the controller's own behaviour"))
                }
            }
        }
        return findings
    }
}
