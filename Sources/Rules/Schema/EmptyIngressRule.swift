/// An Ingress with neither rules nor a default backend routes nothing; the API server rejects it.
struct EmptyIngressRule: Rule {
    let declaration = RuleDeclaration(id: "empty-ingress", category: .schema, severity: .error)

    func check(_ context: RuleContext) -> [Finding] {
        context.subjects.compactMap { ingress in
            guard ingress.rules.isEmpty && ingress.defaultBackend == nil else { return nil }
            let backendField = ingress.apiVersion.defaultBackendField
            return finding(
                "spec: Invalid value: []networking.IngressRule(nil): either `\(backendField)` or `rules` must be specified",
                at: ingress.specLocation, object: ingress.ref, field: "spec",
                hint: "add `rules` with hosts and paths, or a `\(backendField)`")
        }
    }
}
