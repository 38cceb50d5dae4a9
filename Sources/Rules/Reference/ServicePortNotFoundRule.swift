import IngressModel
import Routing

/// A backend names a port the Service (present in the inputs) does not expose. Ingress backends
/// name the Service's own `port` (or its `name`), never the targetPort. Under the AWS Load Balancer
/// Controller a backend with port `use-annotation` is an action: the annotation must exist instead.
struct ServicePortNotFoundRule: Rule {
    let declaration = RuleDeclaration(id: "service-port-not-found", category: .reference, severity: .error)

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for ingress in context.subjects {
            let profile = context.profile(of: ingress)
            for backend in ingress.backends {
                if let reference = backend.service, let annotation = TrafficSplitting.albActionAnnotation(for: reference, under: profile) {
                    if ingress.metadata.annotations[annotation] == nil, let port = reference.portName {
                        // Argo Rollouts and the like write the action into a live Ingress: in
                        // files its absence is only information.
                        let confident = context.options.clusterState || context.options.strictReferences
                        findings.append(finding(
                            "backend \(reference.name.value) with port use-annotation needs the annotation \(annotation), which this Ingress does not have\(confident ? ": the AWS Load Balancer Controller fails to build the load balancer" : " (a controller such as Argo Rollouts may add it)")",
                            at: port, object: ingress.ref, severity: confident ? .warning : .info,
                            hint: "add \(annotation) with the action (forward, redirect or fixed-response), or name a Service port"))
                    }
                    continue
                }
                guard let reference = backend.service, !reference.name.value.isEmpty,
                    let service = context.inventory.service(namespace: ingress.ref.namespace, name: reference.name.value)
                else { continue }
                // An ExternalName Service without ports forwards whatever port the backend names.
                if service.type == "ExternalName" && service.ports.isEmpty { continue }
                if let finding = check(reference, service: service, ingress: ingress) { findings.append(finding) }
            }
        }
        return findings
    }

    private func check(_ reference: ServiceBackend, service: Service, ingress: Ingress) -> Finding? {
        // Worded only for a port that is missing: almost every backend's port is there.
        var related: [RelatedLocation] {
            [RelatedLocation(message: "Service \(service.ref.qualifiedName) is defined here", location: service.source.location, object: service.ref)]
        }
        var available: String {
            service.ports.map { port in port.name.map { "\($0) (\(port.port))" } ?? "\(port.port)" }.joined(separator: ", ")
        }
        if let number = reference.portNumber, number.value != 0 {
            guard service.port(.number(number.value)) == nil else { return nil }
            var hint = "ports of the Service: \(available.isEmpty ? "none" : available)"
            if let targeted = service.ports.first(where: { $0.targetPort == .number(number.value) }) {
                hint = "\(number.value) is the targetPort of Service port \(targeted.port)\(targeted.name.map { " (\($0))" } ?? ""); an Ingress names the Service port: use \(targeted.port)"
            }
            return finding(
                "Service \(service.ref.qualifiedName) has no port \(number.value)", at: number, object: ingress.ref,
                related: related, hint: hint)
        }
        if let name = reference.portName, !name.value.isEmpty {
            guard service.port(.name(name.value)) == nil else { return nil }
            var hint = "ports of the Service: \(available.isEmpty ? "none" : available)"
            if service.ports.count == 1, service.ports[0].name == nil {
                hint = "the Service has a single unnamed port; refer to it by number: \(service.ports[0].port)"
            } else if let targeted = service.ports.first(where: { $0.targetPort == .name(name.value) }) {
                hint = "\"\(name.value)\" is the targetPort of Service port \(targeted.port); an Ingress names the Service port: use \(targeted.name.map { "name \($0)" } ?? "number \(targeted.port)")"
            }
            return finding(
                "Service \(service.ref.qualifiedName) has no port named \"\(name.value)\"", at: name, object: ingress.ref,
                related: related, hint: hint)
        }
        return nil
    }
}
