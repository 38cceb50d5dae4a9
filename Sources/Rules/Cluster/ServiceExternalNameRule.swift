import IngressModel

/// A backend Service of type ExternalName: traffic leaves for whatever that DNS name resolves to,
/// which a change of the name (or of DNS) silently redirects; several controllers proxy to it only
/// with extra configuration.
struct ServiceExternalNameRule: Rule {
    let declaration = RuleDeclaration(id: "service-external-name", category: .cluster, severity: .info)

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for ingress in context.subjects {
            for backend in ingress.backends {
                guard let reference = backend.service, !reference.name.value.isEmpty,
                    let service = context.inventory.service(namespace: ingress.ref.namespace, name: reference.name.value),
                    service.type == "ExternalName"
                else { continue }
                findings.append(finding(
                    "Service \(service.ref.qualifiedName) is of type ExternalName: requests are proxied to \(service.externalName ?? "(no externalName)") outside the cluster",
                    at: reference.name, object: ingress.ref,
                    related: [RelatedLocation(message: "Service \(service.ref.qualifiedName) is defined here", location: service.source.location, object: service.ref)],
                    hint: "make sure the external name is meant to receive this traffic, and that the controller supports ExternalName backends (ingress-nginx does; some cloud controllers do not)"))
            }
        }
        return findings
    }
}
