import IngressModel

/// IngressClass objects the API server rejects (ValidateIngressClass).
struct InvalidIngressClassRule: Rule {
    let declaration = RuleDeclaration(id: "invalid-ingress-class", category: .schema, severity: .error)

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for ingressClass in context.inventory.ingressClasses {
            let object = ingressClass.ref
            if let namespace = ingressClass.metadata.namespace {
                // Current API servers drop the namespace of cluster-scoped objects before validation,
                // so this is misleading rather than rejected: a warning.
                findings.append(finding(
                    "metadata.namespace: Forbidden: not allowed on this type (IngressClass is cluster-scoped; the namespace is ignored)",
                    at: namespace, object: object, severity: .warning,
                    hint: "remove the namespace"))
            }
            findings += checkController(ingressClass)
            if let parameters = ingressClass.parameters {
                findings += checkParameters(parameters, ingressClass: ingressClass)
            }
        }
        return findings
    }

    private func checkController(_ ingressClass: IngressClass) -> [Finding] {
        let object = ingressClass.ref
        guard let controller = ingressClass.controller, !controller.value.isEmpty else {
            return [finding("spec.controller: Required value", at: ingressClass.controller?.location ?? ingressClass.specLocation, object: object, field: "spec.controller",
                            hint: "name the controller, e.g. k8s.io/ingress-nginx")]
        }
        var findings: [Finding] = []
        let value = controller.value
        if value.utf8.count > 250 {
            findings.append(finding("spec.controller: Too long: may not be more than 250 bytes", at: controller, object: object))
        }
        guard let slash = value.firstIndex(of: "/"), slash != value.startIndex, value.index(after: slash) != value.endIndex else {
            findings.append(finding(NameValidation.invalid("spec.controller", value, "must be a domain-prefixed path (such as \"acme.io/foo\")"), at: controller, object: object))
            return findings
        }
        let domain = String(value[..<slash])
        let path = value[value.index(after: slash)...]
        for error in NameValidation.dns1123Subdomain(domain) {
            findings.append(finding(NameValidation.invalid("spec.controller", domain, error), at: controller, object: object))
        }
        if !path.utf8.allSatisfy(Self.isAllowedInPath) {
            findings.append(finding(NameValidation.invalid("spec.controller", String(path), "Invalid path (regex used for validation is '[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')"), at: controller, object: object))
        }
        return findings
    }

    /// `[A-Za-z0-9/\-._~%!$&'()*+,;=:]`, on bytes: anything past ASCII fails either way.
    private static func isAllowedInPath(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: "/-._~%!$&'()*+,;=:".utf8.contains(byte)
        }
    }

    private func checkParameters(_ parameters: IngressClassParameters, ingressClass: IngressClass) -> [Finding] {
        let object = ingressClass.ref
        let field = parameters.field
        var findings: [Finding] = []
        if let group = parameters.apiGroup {
            for error in NameValidation.dns1123Subdomain(group.value) {
                findings.append(finding(NameValidation.invalid(group.field, group.value, error), at: group, object: object))
            }
        }
        for (key, value) in [("kind", parameters.kind), ("name", parameters.name)] {
            guard let value, !value.value.isEmpty else {
                findings.append(finding("\(field).\(key): Required value", at: value?.location ?? parameters.location, object: object, field: "\(field).\(key)"))
                continue
            }
            for error in NameValidation.pathSegmentName(value.value) {
                findings.append(finding(NameValidation.invalid(value.field, value.value, error), at: value, object: object))
            }
        }
        // v1beta1 parameters have no scope; v1 defaults it to Cluster.
        guard ingressClass.ref.apiVersion == "networking.k8s.io/v1" else { return findings }
        let scope = parameters.scope?.value ?? "Cluster"
        switch scope {
        case "Namespace":
            if let namespace = parameters.namespace, !namespace.value.isEmpty {
                for error in NameValidation.dns1123Label(namespace.value) {
                    findings.append(finding(NameValidation.invalid(namespace.field, namespace.value, error), at: namespace, object: object))
                }
            } else {
                findings.append(finding("\(field).namespace: Required value: `parameters.scope` is set to 'Namespace'", at: parameters.scope?.location ?? parameters.location, object: object, field: "\(field).namespace"))
            }
        case "Cluster":
            if let namespace = parameters.namespace {
                findings.append(finding("\(field).namespace: Forbidden: `parameters.scope` is set to 'Cluster'", at: namespace, object: object))
            }
        default:
            if let scopeValue = parameters.scope {
                findings.append(finding("\(scopeValue.field): Unsupported value: \"\(scope)\": supported values: \"Cluster\", \"Namespace\"", at: scopeValue, object: object))
            }
        }
        return findings
    }
}
