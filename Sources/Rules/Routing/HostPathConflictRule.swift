import Routing

/// Two routes of one class with the same host, path and effective path type lead to different
/// backends: only one of them gets the traffic, and which one depends on Ingress age. Routes that
/// split traffic on purpose are no conflict: ingress-nginx canaries (kept out of the route table as
/// alternatives) and Skipper's `zalando.org/backend-weights` between the backends of one Ingress.
struct HostPathConflictRule: Rule {
    let declaration = RuleDeclaration(id: "host-path-conflict", category: .routing, severity: .error, inputs: [.routes])

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for group in context.sameRouteGroups {
            guard let winner = group.routes.first else { continue }
            for loser in group.routes.dropFirst() where !context.sameBackend(loser.backend, winner.backend) {
                if context.splitsByWeight(winner, loser) { continue }
                let why = Precedence.reason(winner, beats: loser).map(Self.describe) ?? "it comes first"
                findings.append(finding(
                    "host \(group.host) path \(loser.pathDescription) is already routed to \(winner.backend) by Ingress \(winner.origin.ingress.qualifiedName), which wins (\(why)); this route to \(loser.backend) gets no traffic",
                    at: loser.location, object: loser.origin.ingress, field: "\(loser.field).path",
                    related: [winner.related],
                    hint: "give the path to a single Ingress, or change the host or path of one of them"))
            }
        }
        return findings
    }

    static func describe(_ reason: Precedence.Reason) -> String {
        switch reason {
        case .olderIngress: return "older Ingress"
        case .earlierInSpec: return "earlier in the same Ingress"
        case .exactOverPrefix: return "Exact over Prefix"
        case .longerPath: return "longer path"
        }
    }
}
