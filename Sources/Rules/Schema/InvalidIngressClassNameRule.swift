/// `spec.ingressClassName` must be a DNS subdomain when set; an empty string is not "unset".
struct InvalidIngressClassNameRule: Rule {
    let declaration = RuleDeclaration(id: "invalid-ingress-class-name", category: .schema, severity: .error)

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for ingress in context.subjects {
            guard let name = ingress.ingressClassName else { continue }
            let hint = name.value.isEmpty ? "remove the field to use the default IngressClass" : nil
            for error in NameValidation.dns1123Subdomain(name.value) {
                findings.append(finding(NameValidation.invalid(name.field, name.value, error), at: name, object: ingress.ref, hint: hint))
            }
        }
        return findings
    }
}
