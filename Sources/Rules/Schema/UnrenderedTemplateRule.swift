import IngressModel

/// An Ingress still holding a template's placeholders (`${DOMAIN}`, `<FQDN>`, `__HOST__`,
/// `REPLACEME`, `{{ }}`) is a template, not a manifest: one finding says so, and the engine folds
/// the findings that only repeat it field by field (an invalid host `<FQDN>`, an invalid name
/// `REPLACEME-web`) into it.
struct UnrenderedTemplateRule: Rule {
    static let id = "unrendered-template"
    let declaration = RuleDeclaration(id: UnrenderedTemplateRule.id, category: .schema, severity: .info)

    func check(_ context: RuleContext) -> [Finding] {
        context.subjects.compactMap { ingress in
            let found = TemplatePlaceholders.find(in: ingress)
            guard let first = found.first else { return nil }
            var names: [String] = []
            for occurrence in found where !names.contains(occurrence.placeholder) { names.append(occurrence.placeholder) }
            let listed = names.prefix(5).joined(separator: ", ") + (names.count > 5 ? ", …" : "")
            return finding(
                "Ingress \(ingress.ref.qualifiedName) is an unrendered template (placeholders \(listed)): render it first; findings on the placeholders are folded into this one",
                at: first.value, object: ingress.ref,
                hint: "lint what the cluster will receive: the output of helm template, kustomize build or envsubst")
        }
    }
}
