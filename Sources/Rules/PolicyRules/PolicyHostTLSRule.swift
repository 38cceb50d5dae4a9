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
        let assignment = ClassAssignment(inventory: context.inventory)
        // Built once, not per host: which Ingresses give a host (exact or wildcard pattern) a
        // certificate, per class; and NGINX Inc masters by namespace.
        var certified: [String: Set<ObjectRef>] = [:]
        var masters: [String: [Ingress]] = [:]
        for other in context.inventory.ingresses {
            let className = assignment.assign(other).key
            for entry in other.tls where !(entry.secretName?.value.isEmpty ?? true) {
                for host in entry.hosts { certified[className + "|" + HostPattern(ruleHost: host.value).description, default: []].insert(other.ref) }
            }
            if MergeableIngress.isMaster(other, under: context.profile(of: other)) { masters[other.ref.namespace, default: []].append(other) }
        }
        var findings: [Finding] = []
        for ingress in ingresses {
            let profile = context.profile(of: ingress)
            // NGINX Inc's minions take the host's TLS and redirect from their master; a minion
            // without one serves nothing.
            var judged = ingress
            if MergeableIngress.isMinion(ingress, under: profile) {
                let hosts = Set(ingress.locatedRuleHosts.map { $0.value.lowercased() })
                guard let master = masters[ingress.ref.namespace]?.first(where: { Set($0.locatedRuleHosts.map { $0.value.lowercased() }) == hosts }) else { continue }
                judged = master
            }
            let className = assignment.assign(ingress).key
            var seen: Set<String> = []
            for host in ingress.locatedRuleHosts where seen.insert(host.value.lowercased()).inserted {
                // Another Ingress of the class names this host, or the wildcard over it, in a TLS entry.
                let pattern = HostPattern(ruleHost: host.value)
                let covering = [pattern, pattern.coveringWildcard].compactMap { $0 }
                let shared = covering.contains { candidate in
                    !(certified[className + "|" + candidate.description, default: []].subtracting([ingress.ref]).isEmpty)
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
