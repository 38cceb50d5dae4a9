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
        ingress.ingressClassName = context.text(spec["ingressClassName"], field: "spec.ingressClassName")
        let backendKey = version.defaultBackendField
        if let node = spec[backendKey], !node.isNull {
            ingress.defaultBackend = backend(node, field: "spec.\(backendKey)")
        }
        for (index, node) in (spec["rules"]?.items ?? []).enumerated() {
            ingress.rules.append(rule(node, field: "spec.rules[\(index)]"))
        }
        for (index, node) in (spec["tls"]?.items ?? []).enumerated() {
            let field = "spec.tls[\(index)]"
            let hosts = (node["hosts"]?.items ?? []).enumerated().compactMap { hostIndex, host in
                context.text(host, field: "\(field).hosts[\(hostIndex)]")
            }
            ingress.tls.append(IngressTLS(
                hosts: hosts, secretName: context.text(node["secretName"], field: "\(field).secretName"),
                field: context.fieldNames(field), location: context.location(node)))
        }
        return ingress
    }

    private func rule(_ node: YAMLNode, field: String) -> IngressRule {
        var http: HTTPRuleValue?
        if let httpNode = node["http"], !httpNode.isNull {
            let httpField = "\(field).http"
            let pathsNode = httpNode["paths"]
            let paths = (pathsNode?.items ?? []).enumerated().map { index, pathNode in
                path(pathNode, field: "\(httpField).paths[\(index)]")
            }
            http = HTTPRuleValue(
                paths: paths, hasPathsKey: pathsNode.map { !$0.isNull } ?? false,
                field: context.fieldNames(httpField), location: context.location(httpNode))
        }
        return IngressRule(
            host: context.text(node["host"], field: "\(field).host"), http: http,
            field: context.fieldNames(field), location: context.location(node))
    }

    private func path(_ node: YAMLNode, field: String) -> HTTPIngressPath {
        var pathType = context.text(node["pathType"], field: "\(field).pathType")
        var defaulted = false
        if pathType == nil && version.isBeta {
            pathType = Located(PathType.implementationSpecific.rawValue, field: context.fieldNames("\(field).pathType"), location: context.location(node))
            defaulted = true
        }
        let backendNode = node["backend"]
        return HTTPIngressPath(
            path: context.text(node["path"], field: "\(field).path"),
            pathType: pathType, pathTypeDefaulted: defaulted,
            backend: backendNode.flatMap { $0.isNull ? nil : backend($0, field: "\(field).backend") },
            field: context.fieldNames(field), location: context.location(node))
    }

    private func backend(_ node: YAMLNode, field: String) -> IngressBackend {
        let location = context.location(node)
        var resource: ResourceBackend?
        if let resourceNode = node["resource"], !resourceNode.isNull {
            let resourceField = "\(field).resource"
            let at = context.location(resourceNode)
            resource = ResourceBackend(
                apiGroup: context.text(resourceNode["apiGroup"], field: "\(resourceField).apiGroup"),
                kind: context.text(resourceNode["kind"], field: "\(resourceField).kind") ?? Located("", field: "\(resourceField).kind", location: at),
                name: context.text(resourceNode["name"], field: "\(resourceField).name") ?? Located("", field: "\(resourceField).name", location: at),
                field: resourceField, location: at)
        }
        let service = version.isBeta ? betaService(node, field: field) : v1Service(node, field: field)
        return IngressBackend(service: service, resource: resource, field: context.fieldNames(field), location: location)
    }

    private func v1Service(_ backend: YAMLNode, field: String) -> ServiceBackend? {
        guard let node = backend["service"], !node.isNull else { return nil }
        let serviceField = "\(field).service"
        let at = context.location(node)
        let portNode = node["port"]
        let portField = "\(serviceField).port"
        return ServiceBackend(
            name: context.text(node["name"], field: "\(serviceField).name") ?? Located("", field: context.fieldNames("\(serviceField).name"), location: at),
            portName: context.text(portNode?["name"], field: "\(portField).name"),
            portNumber: context.integer(portNode?["number"], field: "\(portField).number"),
            portField: context.fieldNames(portField),
            portLocation: portNode.map(context.location) ?? at)
    }

    /// The API server creates the service backend iff serviceName or servicePort is set.
    private func betaService(_ backend: YAMLNode, field: String) -> ServiceBackend? {
        let nameNode = backend["serviceName"]
        let portNode = backend["servicePort"]
        let name = context.text(nameNode, field: "\(field).serviceName")
        let portField = "\(field).servicePort"
        var portName: Located<String>?
        var portNumber: Located<Int>?
        var portIsString = false
        if let portNode, let scalar = portNode.scalar, !portNode.isNull {
            if let number = portNode.intValue {
                portNumber = Located(number, field: context.fieldNames(portField), location: context.location(portNode))
            } else {
                portName = Located(scalar.text, field: context.fieldNames(portField), location: context.location(portNode))
                portIsString = true
            }
        }
        let hasName = !(name?.value.isEmpty ?? true)
        let hasPort = (portNumber?.value ?? 0) != 0 || portIsString
        guard hasName || hasPort else { return nil }
        let at = context.location(backend)
        return ServiceBackend(
            name: name ?? Located("", field: "\(field).serviceName", location: at),
            portName: portName, portNumber: portNumber,
            portField: context.fieldNames(portField), portLocation: portNode.map(context.location) ?? at)
    }
}
