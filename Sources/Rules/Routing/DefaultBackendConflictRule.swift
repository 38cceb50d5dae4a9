import Routing

/// Two Ingresses of one class set different default backends; only the oldest one's is used.
struct DefaultBackendConflictRule: Rule {
    let declaration = RuleDeclaration(id: "default-backend-conflict", category: .routing, severity: .error, inputs: [.routes])

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for key in context.routes.classKeys {
            guard let table = context.routes.classes[key], let winner = table.defaultBackends.first else { continue }
            for other in table.defaultBackends.dropFirst() where !context.sameBackend(other.backend, winner.backend) {
                findings.append(finding(
                    "Ingress \(other.origin.ingress.qualifiedName) sets the default backend \(other.backend) for class \(table.assignedClass ?? "(none)"), but Ingress \(winner.origin.ingress.qualifiedName) already sets \(winner.backend) and wins as the older one",
                    at: other.location, object: other.origin.ingress, field: other.field,
                    related: [RelatedLocation(message: "the default backend in use", location: winner.location, object: winner.origin.ingress)],
                    hint: "keep one default backend per class, or set it on the controller"))
            }
        }
        return findings
    }
}
