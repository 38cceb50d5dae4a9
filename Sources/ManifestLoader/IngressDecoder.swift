import IngressModel
import StructuredText

/// Builds the normalized Ingress from any served version, converting v1beta1 the way the API
/// server does (`backend` → `defaultBackend`, `serviceName`/`servicePort` → `service.name`/`port`,
/// absent pathType → ImplementationSpecific) while keeping the user's field names for messages.
struct IngressDecoder {
    var context: DecodingContext
    var version: IngressAPIVersion

    func decode(_ root: YAMLNode, ref: ObjectRef, source: ObjectSource, metadata: ObjectMeta) -> Ingress {
        let spec = root["spec"]
        var ingress = Ingress(
            ref: ref, source: source, metadata: metadata, apiVersion: version,
            specLocation: context.location(spec ?? root))
        guard let spec, spec.pairs != nil else { return ingress }
        let specField = context.fieldNames.root.child("spec")
        ingress.ingressClassName = context.text(spec["ingressClassName"], at: specField.child("ingressClassName"))
        let backendKey = version.defaultBackendField
        if let node = spec[backendKey], !node.isNull {
            ingress.defaultBackend = backend(node, field: specField.child(backendKey))
        }
        let rulesField = specField.child("rules")
        for (index, node) in (spec["rules"]?.items ?? []).enumerated() {
            ingress.rules.append(rule(node, field: rulesField.item(index)))
        }
        let tlsField = specField.child("tls")
        for (index, node) in (spec["tls"]?.items ?? []).enumerated() {
            let field = tlsField.item(index)
            let hostsField = field.child("hosts")
            let hosts = (node["hosts"]?.items ?? []).enumerated().compactMap { hostIndex, host in
                context.text(host, at: hostsField.item(hostIndex))
            }
            ingress.tls.append(IngressTLS(
                hosts: hosts, secretName: context.text(node["secretName"], at: field.child("secretName")),
                field: field.text, location: context.location(node)))
        }
        return ingress
    }

    private func rule(_ node: YAMLNode, field: FieldPath) -> IngressRule {
        var http: HTTPRuleValue?
        if let httpNode = node["http"], !httpNode.isNull {
            let httpField = field.child("http")
            let pathsNode = httpNode["paths"]
            let pathsField = httpField.child("paths")
            let paths = (pathsNode?.items ?? []).enumerated().map { index, pathNode in
                path(pathNode, field: pathsField.item(index))
            }
            http = HTTPRuleValue(
                paths: paths, hasPathsKey: pathsNode.map { !$0.isNull } ?? false,
                field: httpField.text, location: context.location(httpNode))
        }
        return IngressRule(
            host: context.text(node["host"], at: field.child("host")), http: http,
            field: field.text, location: context.location(node))
    }

    private func path(_ node: YAMLNode, field: FieldPath) -> HTTPIngressPath {
        let pathTypeField = field.child("pathType")
        var pathType = context.text(node["pathType"], at: pathTypeField)
        var defaulted = false
        if pathType == nil && version.isBeta {
            pathType = Located(PathType.implementationSpecific.rawValue, field: pathTypeField.text, location: context.location(node))
            defaulted = true
        }
        let backendNode = node["backend"]
        return HTTPIngressPath(
            path: context.text(node["path"], at: field.child("path")),
            pathType: pathType, pathTypeDefaulted: defaulted,
            backend: backendNode.flatMap { $0.isNull ? nil : backend($0, field: field.child("backend")) },
            field: field.text, location: context.location(node))
    }

    private func backend(_ node: YAMLNode, field: FieldPath) -> IngressBackend {
        let location = context.location(node)
        var resource: ResourceBackend?
        if let resourceNode = node["resource"], !resourceNode.isNull {
            let resourceField = field.child("resource")
            let at = context.location(resourceNode)
            let kindField = resourceField.child("kind")
            let nameField = resourceField.child("name")
            resource = ResourceBackend(
                apiGroup: context.text(resourceNode["apiGroup"], at: resourceField.child("apiGroup")),
                kind: context.text(resourceNode["kind"], at: kindField) ?? Located("", field: kindField.text, location: at),
                name: context.text(resourceNode["name"], at: nameField) ?? Located("", field: nameField.text, location: at),
                field: resourceField.text, location: at)
        }
        let service = version.isBeta ? betaService(node, field: field) : v1Service(node, field: field)
        return IngressBackend(service: service, resource: resource, field: field.text, location: location)
    }

    private func v1Service(_ backend: YAMLNode, field: FieldPath) -> ServiceBackend? {
        guard let node = backend["service"], !node.isNull else { return nil }
        let serviceField = field.child("service")
        let at = context.location(node)
        let portNode = node["port"]
        let portField = serviceField.child("port")
        let nameField = serviceField.child("name")
        return ServiceBackend(
            name: context.text(node["name"], at: nameField) ?? Located("", field: nameField.text, location: at),
            portName: context.text(portNode?["name"], at: portField.child("name")),
            portNumber: context.integer(portNode?["number"], at: portField.child("number")),
            portField: portField.text,
            portLocation: portNode.map(context.location) ?? at)
    }

    /// The API server creates the service backend iff serviceName or servicePort is set.
    private func betaService(_ backend: YAMLNode, field: FieldPath) -> ServiceBackend? {
        let nameNode = backend["serviceName"]
        let portNode = backend["servicePort"]
        let nameField = field.child("serviceName")
        let name = context.text(nameNode, at: nameField)
        let portField = field.child("servicePort")
        var portName: Located<String>?
        var portNumber: Located<Int>?
        var portIsString = false
        if let portNode, let scalar = portNode.scalar, !portNode.isNull {
            if let number = portNode.intValue {
                portNumber = Located(number, field: portField.text, location: context.location(portNode))
            } else {
                portName = Located(scalar.text, field: portField.text, location: context.location(portNode))
                portIsString = true
            }
        }
        let hasName = !(name?.value.isEmpty ?? true)
        let hasPort = (portNumber?.value ?? 0) != 0 || portIsString
        guard hasName || hasPort else { return nil }
        let at = context.location(backend)
        return ServiceBackend(
            name: name ?? Located("", field: nameField.text, location: at),
            portName: portName, portNumber: portNumber,
            portField: portField.text, portLocation: portNode.map(context.location) ?? at)
    }
}
