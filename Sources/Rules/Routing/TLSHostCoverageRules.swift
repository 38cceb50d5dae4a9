import IngressModel
import Routing

/// Does host pattern `cover` serve requests for the name `host` (exact, or a one-label wildcard)?
func hostCovers(_ rawCover: String, _ rawHost: String) -> Bool {
    let cover = rawCover.lowercased()
    let host = rawHost.lowercased()
    if cover == host { return true }
    guard cover.hasPrefix("*.") else { return false }
    let suffix = String(cover.dropFirst(2))
    if host.hasPrefix("*.") { return false }
    return RequestHost.wildcardSuffix(of: host) == suffix
}

/// TLS hosts that no rule of the same Ingress serves: the certificate is configured for traffic
/// this Ingress never routes. Not reported for controllers that do not read `tls[].hosts` (GKE,
/// Traefik, HAProxy): there the list routes nothing either way.
struct TLSHostWithoutRuleRule: Rule {
    let declaration = RuleDeclaration(id: "tls-host-without-rule", category: .routing, severity: .warning)

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for ingress in context.subjects where context.profile(of: ingress).readsTLSHosts {
            let ruleHosts = ingress.rules.compactMap { $0.host?.value }.filter { !$0.isEmpty }
            for tls in ingress.tls {
                for host in tls.hosts where !host.value.isEmpty {
                    let served = ruleHosts.contains { hostCovers(host.value, $0) || hostCovers($0, host.value) }
                    guard !served else { continue }
                    let hint = ruleHosts.isEmpty
                        ? "the Ingress has no rule with a host: \"TLS will not work on the default rule\"; add a rule for \(host.value)"
                        : "rule hosts are \(ruleHosts.joined(separator: ", ")); fix the spelling or add a rule for \(host.value)"
                    findings.append(finding("TLS host \(host.value) is not served by any rule of this Ingress", at: host, object: ingress.ref, hint: hint))
                }
            }
        }
        return findings
    }
}

/// Rule hosts left out of an Ingress's TLS block: that host is served over plain HTTP (or with
/// the controller's default certificate) although the Ingress configures TLS. Not reported for
/// controllers that do not read `tls[].hosts` (they pick a certificate by SNI either way), nor
/// under ingress-nginx when one of the Ingress's Secrets has a certificate that covers the host:
/// ingress-nginx serves the host with it.
struct RuleHostWithoutTLSRule: Rule {
    // With `--without-tls-secrets` it still runs, every Secret then unknown (see the hint).
    let declaration = RuleDeclaration(id: "rule-host-without-tls", category: .routing, severity: .info, inputs: [.tlsMaterial, .secretsOptional])

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        // A TLS entry without hosts serves the controller's default (wildcard) host: it covers all.
        for ingress in context.subjects where !ingress.tls.isEmpty && ingress.tls.allSatisfy({ !$0.hosts.isEmpty }) {
            let profile = context.profile(of: ingress)
            guard profile.readsTLSHosts else { continue }
            let tlsHosts = ingress.tls.flatMap { $0.hosts.map(\.value) }
            var seen: Set<String> = []
            for rule in ingress.rules {
                guard let host = rule.host, !host.value.isEmpty, seen.insert(host.value).inserted else { continue }
                guard !tlsHosts.contains(where: { hostCovers($0, host.value) }) else { continue }
                var unread: [String] = []
                if profile.picksCertificateByNames {
                    let covered = certificateCovering(host.value, of: ingress, in: context, unread: &unread)
                    guard !covered else { continue }
                }
                let hint = unread.isEmpty
                    ? "add \(host.value) to `spec.tls[].hosts` (with a Secret whose certificate covers it), or leave it out on purpose"
                    : "\(profile.displayName) still serves it with the certificate of Secret \(unread.joined(separator: ", ")) if that covers it (not read here); otherwise add \(host.value) to `spec.tls[].hosts` with a Secret whose certificate covers it"
                findings.append(finding(
                    "host \(host.value) is not in the TLS hosts of this Ingress: it gets no certificate of its own",
                    at: host, object: ingress.ref, hint: hint))
            }
        }
        return findings
    }

    /// Whether the certificate of one of the Ingress's TLS Secrets covers the host; the Secrets
    /// whose certificate is unknown here (absent from the inputs, or not inspected) are named in `unread`.
    private func certificateCovering(_ host: String, of ingress: Ingress, in context: RuleContext, unread: inout [String]) -> Bool {
        let namespace = ingress.ref.namespace
        for name in ingress.tls.compactMap({ $0.secretName?.value }) where !name.isEmpty {
            guard let secret = context.inventory.secret(namespace: namespace, name: name) else {
                if !unread.contains(name) { unread.append(name) }
                continue
            }
            // Only kubernetes.io/tls Secrets are inspected; another type is taken to cover nothing.
            guard secret.type == Secret.tlsType else { continue }
            // Not inspected (a Secret the run could not read): unknown too.
            guard let report = context.tlsReport(namespace: namespace, name: name) else {
                if !unread.contains(name) { unread.append(name) }
                continue
            }
            // Go's VerifyHostname reads the subjectAltName DNS names alone, never the Common Name.
            if let leaf = report.leaf, HostPattern.any(of: leaf.dnsNames, covers: host) { return true }
        }
        return false
    }
}
