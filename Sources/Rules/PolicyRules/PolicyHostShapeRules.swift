import IngressModel

/// `hosts.forbidWildcard`: no `*.example.com` in a rule or a TLS entry. A wildcard catches every
/// name under the domain that no other Ingress claims, including names other teams have yet to use.
struct PolicyWildcardHostRule: Rule {
    let declaration = RuleDeclaration(id: "policy-wildcard-host", category: .policy, severity: .error)

    func check(_ context: RuleContext) -> [Finding] {
        guard let (policy, ingresses) = context.policyScope(), let setting = policy.forbidWildcardHosts, setting.value else { return [] }
        var findings: [Finding] = []
        for ingress in ingresses {
            for host in ingress.locatedRuleHosts + ingress.locatedTLSHosts where host.value.hasPrefix("*") {
                findings.append(policyFinding(
                    "host \(host.value) is a wildcard, which the policy forbids", at: host, ingress: ingress, setting: setting.origin,
                    hint: "name each host exactly"))
            }
        }
        return findings
    }
}

/// `hosts.forbidEmpty`: no rule without a host. Such a rule serves every host the controller
/// receives that no other rule names: a catch-all in the hands of one tenant.
struct PolicyEmptyHostRule: Rule {
    let declaration = RuleDeclaration(id: "policy-empty-host", category: .policy, severity: .error)

    func check(_ context: RuleContext) -> [Finding] {
        guard let (policy, ingresses) = context.policyScope(), let setting = policy.forbidEmptyHosts, setting.value else { return [] }
        var findings: [Finding] = []
        for ingress in ingresses {
            for rule in ingress.rules where (rule.host?.value ?? "").isEmpty {
                let at = rule.host ?? Located("", field: rule.field, location: rule.location)
                findings.append(policyFinding(
                    "a rule of Ingress \(ingress.ref.qualifiedName) has no host, so it serves every host; the policy forbids catch-all rules",
                    at: at, ingress: ingress, setting: setting.origin, hint: "give the rule the host it serves"))
            }
        }
        return findings
    }
}

/// `hosts.maxPerIngress`: an Ingress names at most this many distinct hosts (rules and TLS).
struct PolicyHostsPerIngressRule: Rule {
    let declaration = RuleDeclaration(id: "policy-hosts-per-ingress", category: .policy, severity: .error)

    func check(_ context: RuleContext) -> [Finding] {
        guard let (policy, ingresses) = context.policyScope(), let limit = policy.maxHostsPerIngress else { return [] }
        var findings: [Finding] = []
        for ingress in ingresses {
            var seen: [String] = []
            var first: Located<String>?
            for host in ingress.locatedRuleHosts + ingress.locatedTLSHosts {
                let name = host.value.lowercased()
                guard !seen.contains(name) else { continue }
                seen.append(name)
                if seen.count == limit.value + 1 { first = host }
            }
            guard let first else { continue }
            findings.append(policyFinding(
                "Ingress \(ingress.ref.qualifiedName) names \(seen.count) hosts (\(seen.joined(separator: ", "))); the policy allows at most \(limit.value)",
                at: first, ingress: ingress, setting: limit.origin, hint: "split the hosts over several Ingresses"))
        }
        return findings
    }
}
