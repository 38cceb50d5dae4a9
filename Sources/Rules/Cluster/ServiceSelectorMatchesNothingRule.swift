import IngressModel

/// A backend's Service whose selector selects no pod at all, ready or not: usually a label typo
/// between the Service and its Deployment. Judged from the Service's EndpointSlices (no address at
/// all) when the inputs have some, else from the pods of the inputs (files), since a cluster read
/// holds only the pods behind named target ports.
struct ServiceSelectorMatchesNothingRule: Rule {
    let declaration = RuleDeclaration(id: "service-selector-matches-nothing", category: .cluster, severity: .warning, inputs: [.endpoints])

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        var seen: Set<String> = []
        for backend in context.backendServicePorts {
            let service = backend.service
            guard let selector = service.selector, service.type != "ExternalName", seen.insert(service.ref.qualifiedName).inserted else { continue }
            let pods = context.inventory.pods(namespace: service.ref.namespace)
            let listed = context.inventory.endpoints(namespace: service.ref.namespace, service: service.ref.name)
            let matches: Bool
            if !listed.isEmpty {
                // EndpointSlices hold an endpoint for every selected pod, ready or not.
                matches = listed.contains { object in object.groups.contains { !$0.addresses.isEmpty } }
            } else if context.options.clusterState {
                matches = false
            } else if !pods.isEmpty {
                matches = pods.contains { pod in selector.allSatisfy { pod.labels[$0.key] == $0.value } }
            } else {
                continue
            }
            guard !matches else { continue }
            let labels = Set(pods.flatMap { $0.labels.map { "\($0.key)=\($0.value)" } }).sorted()
            findings.append(finding(
                "the selector \(ServiceNoEndpointsRule.selectorText(selector)) of Service \(service.ref.qualifiedName) matches no pod",
                at: backend.reference.name, object: backend.ingress.ref, related: backend.related(context.inventory),
                hint: labels.isEmpty
                    ? "compare the Service's spec.selector with the pod template labels of its Deployment"
                    : "pod labels in namespace \(service.ref.namespace): \(labels.prefix(8).joined(separator: ", "))"))
        }
        return findings
    }
}
