import IngressModel

/// Object names and namespaces the API server rejects (ValidateObjectMeta).
struct InvalidNameRule: Rule {
    let declaration = RuleDeclaration(id: "invalid-name", category: .schema, severity: .error)

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for object in context.subjectObjects {
            let validator: ((String) -> [String])?
            switch object.payload {
            case .ingress, .secret, .ingressClass, .endpoints, .pod: validator = NameValidation.dns1123Subdomain
            case .service: validator = NameValidation.dns1035Label
            case .other: validator = nil
            }
            guard let validator else { continue }
            if let name = object.metadata.name, !name.value.isEmpty {
                for error in validator(name.value) {
                    findings.append(finding(NameValidation.invalid("metadata.name", name.value, error), at: name, object: object.ref))
                }
            }
            if case .ingressClass = object.payload { continue }
            if let namespace = object.metadata.namespace {
                for error in NameValidation.dns1123Label(namespace.value) {
                    findings.append(finding(NameValidation.invalid("metadata.namespace", namespace.value, error), at: namespace, object: object.ref))
                }
            }
        }
        return findings
    }
}
