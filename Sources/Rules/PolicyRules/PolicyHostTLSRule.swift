import IngressModel
import Routing

/// `hosts.requireTLS`: each rule host is served over TLS and plain HTTP does not reach it, as the
/// controller that serves the Ingress decides (`HTTPSOnly`): ingress-nginx redirects a TLS host
/// unless ssl-redirect is "false", GKE serves HTTP unless allow-http is "false", the ALB needs an
/// ACM certificate and no open HTTP listener, Istio cannot be told at all.
struct PolicyHostTLSRule: Rule {
    let declaration = RuleDeclaration(id: "policy-host-tls", category: .policy, severity: .error)

    func check(_ context: RuleContext) -> [Finding] {
        guard let (policy, ingresses) = context.policyScope(), let setting = policy.requireTLS, setting.value else { return [] }
        var findings: [Finding] = []
        let assignment = ClassAssignment(inventory: context.inventory)
        for ingress in ingresses {
            let profile = context.profile(of: ingress)
            // NGINX Inc's minions take the host's TLS and redirect from their master; a minion
            // without one serves nothing.
            var judged = ingress
            if MergeableIngress.isMinion(ingress, under: profile) {
                guard let master = context.inventory.ingresses.first(where: { other in
                    MergeableIngress.isMaster(other, under: profile) && other.ref.namespace == ingress.ref.namespace
                        && Set(other.locatedRuleHosts.map { $0.value.lowercased() }) == Set(ingress.locatedRuleHosts.map { $0.value.lowercased() })
                }) else { continue }
                judged = master
            }
            let className = assignment.assign(ingress).name
            var seen: Set<String> = []
            for host in ingress.locatedRuleHosts where seen.insert(host.value.lowercased()).inserted {
                let pattern = HostPattern(ruleHost: host.value)
                let shared = context.inventory.ingresses.contains { other in
                    other.ref != ingress.ref && assignment.assign(other).name == className
                        && other.tls.contains { entry in entry.secretName != nil && entry.hosts.contains { HostPattern(ruleHost: $0.value).covers(pattern) } }
                }
                guard case .fails(let reason, let hint) = HTTPSOnly.verdict(host: host.value, of: judged, under: profile, sharedTLS: shared) else { continue }
                let under = profile == .specification ? "" : " (as \(profile.displayName) serves it)"
                findings.append(policyFinding(
                    "host \(host.value) is not HTTPS-only\(under): \(reason); the policy requires TLS", at: host, ingress: ingress,
                    setting: setting.origin, hint: hint))
            }
        }
        return findings
    }
}
