import Routing

/// A rule with a host and no `http`: the API server accepts it, but the host then routes nothing
/// of its own. Often `- host:` and `- http:` were written as two list items. A master of NGINX Inc's
/// mergeable Ingresses holds the host without paths by design: its minions bring them.
struct HostWithoutPathsRule: Rule {
    let declaration = RuleDeclaration(id: "host-without-paths", category: .routing, severity: .warning)

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for ingress in context.subjects where !MergeableIngress.isMaster(ingress, under: context.profile(of: ingress)) {
            for (index, rule) in ingress.rules.enumerated() {
                guard let host = rule.host, !host.value.isEmpty, rule.http == nil else { continue }
                let next = index + 1 < ingress.rules.count ? ingress.rules[index + 1] : nil
                let split = next.map { $0.http != nil && ($0.host?.value ?? "").isEmpty } ?? false
                let hint = split
                    ? "the next rule has paths and no host: `- host:` and `- http:` are two list items; remove the `-` before `http:`"
                    : "add `http.paths` to the rule; without them requests for \(host.value) get only the default backend or 404"
                findings.append(finding(
                    "rule for host \(host.value) has no http paths: it routes nothing", at: host, object: ingress.ref, hint: hint))
            }
        }
        return findings
    }
}
