import IngressModel
import Routing

/// One host served by Ingresses of different namespaces within one class: in a shared cluster,
/// whoever creates an Ingress for a host first, or a wildcard over it, takes its traffic.
struct CrossNamespaceHostRule: Rule {
    let declaration = RuleDeclaration(id: "cross-namespace-host", category: .routing, severity: .warning, inputs: [.routes])

    private struct Claim {
        var ingress: Ingress
        var host: Located<String>
        var pattern: HostPattern
    }

    func check(_ context: RuleContext) -> [Finding] {
        // (class, host pattern) → claims; exact hosts and wildcards apart, since a wildcard's claim
        // also counts on every exact host it covers.
        var exact: [String: [HostPattern: [Claim]]] = [:]
        var wildcard: [String: [HostPattern: [Claim]]] = [:]
        for ingress in context.inventory.ingresses {
            let classKey = context.routes.assignments[ingress.ref]?.key ?? ""
            for rule in ingress.rules {
                guard let host = rule.host, !host.value.isEmpty else { continue }
                let pattern = HostPattern(ruleHost: host.value)
                let claim = Claim(ingress: ingress, host: host, pattern: pattern)
                switch pattern.specificity {
                case .exact: exact[classKey, default: [:]][pattern, default: []].append(claim)
                case .wildcard: wildcard[classKey, default: [:]][pattern, default: []].append(claim)
                case .any: break
                }
            }
        }
        var findings: [Finding] = []
        var reported: Set<String> = []
        func examine(_ claims: [Claim], host: String) {
            let sorted = claims.sorted { $0.ingress.claimsBefore($1.ingress) }
            guard let owner = sorted.first else { return }
            for claim in sorted.dropFirst() where claim.ingress.ref.namespace != owner.ingress.ref.namespace {
                // At admission, one host shared by 2,000 teams is 2,000 findings, one of them wanted.
                guard context.reports(about: claim.ingress.ref, owner.ingress.ref) else { continue }
                let key = "\(claim.ingress.ref)|\(claim.pattern)|\(host)"
                guard reported.insert(key).inserted else { continue }
                let via = claim.pattern.description == host ? "" : " through the wildcard \(claim.pattern)"
                findings.append(finding(
                    "host \(host) is served by Ingresses of more than one namespace: Ingress \(claim.ingress.ref.qualifiedName)\(via) and Ingress \(owner.ingress.ref.qualifiedName), which comes first (older, or first by namespace/name)",
                    at: claim.host, object: claim.ingress.ref,
                    related: [RelatedLocation(message: "first served here", location: owner.host.location, object: owner.ingress.ref)],
                    hint: "serve each host from one namespace; in shared clusters guard host ownership with an admission policy"))
            }
        }
        for (classKey, hosts) in exact {
            for (pattern, claims) in hosts {
                let covering = pattern.coveringWildcard.flatMap { wildcard[classKey]?[$0] } ?? []
                // Most hosts have one claim: nothing to compare.
                guard claims.count + covering.count > 1 else { continue }
                examine(claims + covering, host: pattern.description)
            }
        }
        for hosts in wildcard.values {
            for (pattern, claims) in hosts where claims.count > 1 { examine(claims, host: pattern.description) }
        }
        return findings
    }
}

extension Ingress {
    /// The order in which Ingresses claim a host: the oldest first (`creationTimestamp`), then
    /// those without one, then by namespace/name, as most manifests carry no timestamp.
    func claimsBefore(_ other: Ingress) -> Bool {
        switch (metadata.creationTimestamp, other.metadata.creationTimestamp) {
        case let (left?, right?) where left != right: return left < right
        case (.some, nil): return true
        case (nil, .some): return false
        default: return (ref.namespace, ref.name) < (other.ref.namespace, other.ref.name)
        }
    }
}
