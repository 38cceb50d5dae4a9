import IngressModel

/// Backends the API server rejects (validateIngressBackend), for the default backend and every path.
struct InvalidBackendRule: Rule {
    let declaration = RuleDeclaration(id: "invalid-backend", category: .schema, severity: .error)

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for ingress in context.subjects {
            if let backend = ingress.defaultBackend {
                findings += check(backend, ingress: ingress)
            }
            for rule in ingress.rules {
                // The API server stops at a missing pathType and never looks at that path's backend.
                for path in rule.http?.paths ?? [] where path.pathType != nil {
                    if let backend = path.backend {
                        findings += check(backend, ingress: ingress)
                    } else {
                        findings.append(finding(
                            "\(path.field).backend: Invalid value: \"\": resource or service backend is required",
                            at: path.location, object: ingress.ref, field: "\(path.field).backend",
                            hint: ingress.apiVersion.isBeta ? "add `backend:` with `serviceName` and `servicePort`" : "add `backend: {service: {name: ..., port: {number: ...}}}`"))
                    }
                }
            }
        }
        return findings
    }

    private func check(_ backend: IngressBackend, ingress: Ingress) -> [Finding] {
        let field = backend.field
        let object = ingress.ref
        if backend.resource != nil && backend.service != nil {
            return [finding("\(field): Invalid value: \"\": cannot set both resource and service backends", at: backend.location, object: object, field: field)]
        }
        if let resource = backend.resource {
            return check(resource, object: object)
        }
        guard let service = backend.service else {
            return [finding("\(field): Invalid value: \"\": resource or service backend is required", at: backend.location, object: object, field: field)]
        }
        var findings: [Finding] = []
        if service.name.value.isEmpty {
            findings.append(finding("\(service.name.field): Required value", at: service.name, object: object))
        } else {
            for error in NameValidation.dns1035Label(service.name.value) {
                findings.append(finding(NameValidation.invalid(service.name.field, service.name.value, error), at: service.name, object: object))
            }
        }
        let name = service.portName?.value ?? ""
        let number = service.portNumber?.value ?? 0
        if !name.isEmpty && number != 0 {
            findings.append(finding("\(field): Invalid value: \"\": cannot set both port name & port number", at: service.portLocation, object: object, field: service.portField))
        } else if let portName = service.portName, !name.isEmpty {
            for error in NameValidation.portName(name) {
                let hint = name.allSatisfy(\.isNumber) ? "a quoted number is a port name; write the number without quotes" : nil
                findings.append(finding(NameValidation.invalid(portName.field, name, error), at: portName, object: object, hint: hint))
            }
        } else if let portNumber = service.portNumber, number != 0 {
            if !(1...65535).contains(number) {
                findings.append(finding("\(portNumber.field): Invalid value: \(number): must be between 1 and 65535, inclusive", at: portNumber, object: object))
            }
        } else {
            findings.append(finding("\(field): Required value: port name or number is required", at: service.portLocation, object: object, field: service.portField))
        }
        return findings
    }

    private func check(_ resource: ResourceBackend, object: ObjectRef) -> [Finding] {
        var findings: [Finding] = []
        if let group = resource.apiGroup {
            for error in NameValidation.dns1123Subdomain(group.value) {
                findings.append(finding(NameValidation.invalid(group.field, group.value, error), at: group, object: object))
            }
        }
        for value in [resource.kind, resource.name] {
            if value.value.isEmpty {
                findings.append(finding("\(value.field): Required value", at: value, object: object))
                continue
            }
            for error in NameValidation.pathSegmentName(value.value) {
                findings.append(finding(NameValidation.invalid(value.field, value.value, error), at: value, object: object))
            }
        }
        return findings
    }
}
