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
        for ingress in ingresses {
            let profile = context.profile(of: ingress)
            var seen: Set<String> = []
            for host in ingress.locatedRuleHosts where seen.insert(host.value.lowercased()).inserted {
                guard case .fails(let reason, let hint) = HTTPSOnly.verdict(host: host.value, of: ingress, under: profile) else { continue }
                let under = profile == .specification ? "" : " (as \(profile.displayName) serves it)"
                findings.append(policyFinding(
                    "host \(host.value) is not HTTPS-only\(under): \(reason); the policy requires TLS", at: host, ingress: ingress,
                    setting: setting.origin, hint: hint))
            }
        }
        return findings
    }
}
