import IngressModel

/// `hosts.uniqueAcrossNamespaces`: one namespace per host. The host as written is compared
/// (without regard to case), across every class, as Kyverno's and Gatekeeper's unique-host
/// policies do: two classes sharing a name still share its DNS. The oldest claim keeps the host;
/// each Ingress of another namespace naming it is reported, naming the owner. Exempt namespaces
/// are not judged but still own their hosts.
struct PolicyUniqueHostRule: Rule {
    let declaration = RuleDeclaration(id: "policy-unique-host", category: .policy, severity: .error)

    func check(_ context: RuleContext) -> [Finding] {
        guard let policy = context.options.policy, let setting = policy.uniqueHostsAcrossNamespaces, setting.value else { return [] }
        var claims: [String: [(ingress: Ingress, host: Located<String>)]] = [:]
        for ingress in context.inventory.ingresses {
            var named: Set<String> = []
            for host in ingress.locatedRuleHosts where named.insert(host.value.lowercased()).inserted {
                claims[host.value.lowercased(), default: []].append((ingress, host))
            }
        }
        var findings: [Finding] = []
        for (host, list) in claims.sorted(by: { $0.key < $1.key }) {
            guard Set(list.map(\.ingress.ref.namespace)).count > 1 else { continue }
            let ordered = list.sorted { $0.ingress.claimsBefore($1.ingress) }
            let owner = ordered[0]
            for claim in ordered.dropFirst() where claim.ingress.ref.namespace != owner.ingress.ref.namespace {
                guard context.isJudgedByPolicy(claim.ingress, policy) else { continue }
                findings.append(policyFinding(
                    "host \(host) is already routed from namespace \(owner.ingress.ref.namespace) (Ingress \(owner.ingress.ref.qualifiedName)); the policy allows one namespace per host, and Ingress \(claim.ingress.ref.qualifiedName) is in \(claim.ingress.ref.namespace)",
                    at: claim.host, ingress: claim.ingress, setting: setting.origin,
                    related: [RelatedLocation(message: "the owner: Ingress \(owner.ingress.ref.qualifiedName)", location: owner.host.location)],
                    hint: "use a host of your own, or ask the owner's team to serve the path from namespace \(owner.ingress.ref.namespace)"))
            }
        }
        return findings
    }
}

/// `hosts.ownership`: hosts matching an entry's patterns may be used (in rules and TLS entries)
/// only from the namespaces it names or selects. The first entry whose hosts match decides; a
/// wildcard host that covers a host an entry names exactly falls under that entry too.
/// A `namespaceSelector` reads the namespace's labels: from the cluster (webhook, `--cluster`,
/// `--snapshot`) or from Namespace objects in the files; a namespace whose labels are not known
/// from files is reported as information, and one unknown to the cluster is refused.
struct PolicyHostOwnershipRule: Rule {
    let declaration = RuleDeclaration(id: "policy-host-ownership", category: .policy, severity: .error)

    func check(_ context: RuleContext) -> [Finding] {
        guard let (policy, ingresses) = context.policyScope(), !policy.ownership.isEmpty else { return [] }
        var findings: [Finding] = []
        for ingress in ingresses {
            var seen: Set<String> = []
            for host in ingress.locatedRuleHosts + ingress.locatedTLSHosts where seen.insert(host.value.lowercased()).inserted {
                findings += policy.owners(of: host.value).compactMap { judge(host, ingress, $0, context) }
            }
        }
        return findings
    }

    private func judge(_ host: Located<String>, _ ingress: Ingress, _ entry: Policy.Ownership, _ context: RuleContext) -> Finding? {
        let namespace = ingress.ref.namespace
        if entry.namespaces.contains(where: { $0.matches(namespace) }) { return nil }
        guard let selector = entry.namespaceSelector else { return violation(host, ingress, entry) }
        guard let labels = context.namespaceLabels(namespace) else {
            if context.options.clusterState {
                return policyFinding(
                    "host \(host.value) belongs to \(entry.owners) (\(entry.field)), and namespace \(namespace) of Ingress \(ingress.ref.qualifiedName) is not known to the cluster, so its labels cannot match",
                    at: host, ingress: ingress, setting: entry.origin, hint: "create the namespace with the owners' labels first")
            }
            return policyFinding(
                "host \(host.value) belongs to \(entry.owners) (\(entry.field)); namespace \(namespace) is not in the inputs, so whether its labels match is unknown",
                at: host, ingress: ingress, setting: entry.origin,
                hint: "lint with --cluster or --snapshot, or add the Namespace manifest to the inputs").with(severity: .info)
        }
        return selector.matches(labels) ? nil : violation(host, ingress, entry)
    }

    private func violation(_ host: Located<String>, _ ingress: Ingress, _ entry: Policy.Ownership) -> Finding {
        policyFinding(
            "host \(host.value) belongs to \(entry.owners) (\(entry.field)); Ingress \(ingress.ref.qualifiedName) is in namespace \(ingress.ref.namespace)",
            at: host, ingress: ingress, setting: entry.origin,
            hint: "serve the host from its owners' namespace, or use a host outside \(entry.hosts.map(\.text).joined(separator: ", "))")
    }
}

extension Finding {
    func with(severity: Severity) -> Finding {
        var copy = self
        copy.severity = severity
        return copy
    }
}
