/// A backend names a Service that is not among the inputs (in the Ingress's namespace).
struct ServiceNotFoundRule: Rule {
    let declaration = RuleDeclaration(id: "service-not-found", category: .reference, severity: .info)

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for ingress in context.inventory.ingresses {
            for backend in ingress.backends {
                guard let service = backend.service, !service.name.value.isEmpty, !context.isAction(service, of: ingress) else { continue }
                let namespace = ingress.ref.namespace
                guard context.inventory.service(namespace: namespace, name: service.name.value) == nil else { continue }
                findings.append(finding(
                    "Service \(namespace)/\(service.name.value) is not \(context.absentFrom)", at: service.name, object: ingress.ref,
                    severity: context.missingReferenceSeverity,
                    hint: "a backend Service must be in the Ingress's namespace (\(namespace)); add its manifest to the inputs or fix the name"))
            }
        }
        return findings
    }
}
