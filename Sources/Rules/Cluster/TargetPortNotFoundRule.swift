import IngressModel

/// A Service port whose targetPort is a name that none of the ready pods behind it declares: the
/// endpoints controller cannot resolve it, so the port has no endpoints. Judged only when the
/// inputs hold pods the Service selects.
struct TargetPortNotFoundRule: Rule {
    let declaration = RuleDeclaration(id: "target-port-not-found", category: .cluster, severity: .error, inputs: [.endpoints])

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        var seen: Set<String> = []
        for backend in context.backendServicePorts {
            guard case .name(let targetName)? = backend.port.targetPort, let selector = backend.service.selector else { continue }
            let selected = context.inventory.pods(namespace: backend.service.ref.namespace).filter { pod in
                pod.ready != false && selector.allSatisfy { pod.labels[$0.key] == $0.value }
            }
            guard !selected.isEmpty, !selected.contains(where: { pod in pod.containerPorts.contains { $0.name == targetName } }) else { continue }
            guard seen.insert("\(backend.ingress.ref.qualifiedName)|\(backend.service.ref.qualifiedName)|\(targetName)").inserted else { continue }
            let declared = Set(selected.flatMap { $0.containerPorts.compactMap(\.name) }).sorted()
            findings.append(finding(
                "\(backend.description) targets the container port \"\(targetName)\", which no ready pod of the Service (\(selected.count)) declares",
                at: backend.location, object: backend.ingress.ref, field: backend.field,
                related: [RelatedLocation(message: "Service \(backend.service.ref.qualifiedName) port is defined here", location: backend.port.location, object: backend.service.ref)]
                    + selected.prefix(3).map { RelatedLocation(message: "pod \($0.ref.qualifiedName)", location: $0.source.location, object: $0.ref) },
                hint: declared.isEmpty
                    ? "the pods name no container port: set targetPort to the container's port number, or name the port `\(targetName)` in the pod template"
                    : "container ports the pods name: \(declared.joined(separator: ", "))"))
        }
        return findings
    }
}
