/// A backend names a Service that is not among the inputs (in the Ingress's namespace): information
/// unless the inputs hold a Service whose name is a slip away (a warning naming it), an error with
/// `--strict-references` or a cluster's state.
struct ServiceNotFoundRule: Rule {
    let declaration = RuleDeclaration(id: "service-not-found", category: .reference, severity: .info)

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        // Names per namespace, gathered once and only if a Service is missing: a cluster with
        // thousands of missing backends must not scan every Service for each.
        var names: [String: [String]]?
        for ingress in context.subjects {
            for backend in ingress.backends {
                guard let service = backend.service, !service.name.value.isEmpty, !context.isAction(service, of: ingress) else { continue }
                let namespace = ingress.ref.namespace
                guard context.inventory.service(namespace: namespace, name: service.name.value) == nil else { continue }
                let known = names ?? Dictionary(grouping: context.inventory.services, by: \.ref.namespace).mapValues { $0.map(\.ref.name) }
                names = known
                let missing = context.missingReference(to: service.name.value, among: known[namespace] ?? [])
                findings.append(finding(
                    "Service \(namespace)/\(service.name.value) is not \(context.absentFrom)\(missing.suggestion)", at: service.name, object: ingress.ref,
                    severity: missing.severity,
                    hint: "a backend Service must be in the Ingress's namespace (\(namespace)); add its manifest to the inputs or fix the name"))
            }
        }
        return findings
    }
}
