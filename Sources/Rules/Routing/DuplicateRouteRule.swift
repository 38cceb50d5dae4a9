import Routing

/// The same host, path and type routed to the same backend twice: harmless today, but the two
/// definitions drift apart when one is edited.
struct DuplicateRouteRule: Rule {
    let declaration = RuleDeclaration(id: "duplicate-route", category: .routing, severity: .warning, inputs: [.routes])

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for group in context.sameRouteGroups {
            guard let first = group.routes.first else { continue }
            for duplicate in group.routes.dropFirst() where context.sameBackend(duplicate.backend, first.backend) {
                findings.append(finding(
                    "host \(group.host) path \(duplicate.pathDescription) to \(duplicate.backend) is already defined by Ingress \(first.origin.ingress.qualifiedName)",
                    at: duplicate.location, object: duplicate.origin.ingress, field: "\(duplicate.field).path",
                    related: [first.related], hint: "remove one of the two definitions"))
            }
        }
        return findings
    }
}
