import IngressModel
import TLSInspect

/// A TLS host (and each rule host the TLS entry serves) that the leaf certificate's
/// subjectAltName DNS names do not cover: clients reject the certificate. The Common Name counts
/// only when the certificate has no subjectAltName at all, and then with a warning of its own.
struct TLSHostNotCoveredRule: Rule {
    let declaration = RuleDeclaration(id: "tls-host-not-covered", category: .tls, severity: .error, inputs: [.tlsMaterial])

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for (ingress, tls, secret, report) in context.tlsEntries {
            guard let leaf = report.leaf else { continue }
            let bySNI = !context.profile(of: ingress).readsTLSHosts
            for (host, location, field) in hosts(served: tls, in: ingress) {
                if HostPattern.any(of: leaf.dnsNames, covers: host) { continue }
                // A controller that picks the certificate by SNI (GKE, Traefik, HAProxy) ignores
                // the entry's hosts: a host no rule serves routes nothing, and a rule host is
                // served with whichever of the Ingress's certificates covers it.
                if bySNI, !servesRuleHost(host, ingress) || anyCertificate(of: ingress, covers: host, in: context) { continue }
                let related = [RelatedLocation(message: "the certificate is in Secret \(secret.ref.qualifiedName)", location: secret.location(ofKey: Secret.certificateKey), object: secret.ref)]
                if !leaf.hasSubjectAlternativeNames, let commonName = leaf.commonName, HostPattern.any(of: [commonName], covers: host) {
                    findings.append(finding(
                        "host \(host) is covered only by the certificate's Common Name (\(commonName)); it has no subjectAltName, and browsers ignore the Common Name",
                        at: location, object: ingress.ref, field: field, severity: .warning, related: related,
                        hint: "reissue the certificate with subjectAltName DNS:\(host)"))
                    continue
                }
                let names = leaf.dnsNames.isEmpty
                    ? leaf.commonName.map { "no subjectAltName; its Common Name is \($0)" } ?? "no DNS names"
                    : leaf.dnsNames.joined(separator: ", ")
                findings.append(finding(
                    "the certificate of Secret \(secret.ref.qualifiedName) does not cover host \(host) (it names \(names))",
                    at: location, object: ingress.ref, field: field, related: related,
                    hint: "reissue the certificate with subjectAltName DNS:\(host), or use a Secret whose certificate covers it; a wildcard covers exactly one label"))
            }
        }
        return findings
    }

    private func servesRuleHost(_ host: String, _ ingress: Ingress) -> Bool {
        ingress.rules.contains { $0.host.map { $0.value.lowercased() == host } ?? false }
    }

    private func anyCertificate(of ingress: Ingress, covers host: String, in context: RuleContext) -> Bool {
        ingress.tls.contains { entry in
            guard let name = entry.secretName?.value, let leaf = context.tlsReport(namespace: ingress.ref.namespace, name: name)?.leaf else { return false }
            return HostPattern.any(of: leaf.dnsNames, covers: host)
        }
    }

    /// The TLS entry's hosts, then the rule hosts those hosts cover (a wildcard TLS host serves them).
    private func hosts(served tls: IngressTLS, in ingress: Ingress) -> [(String, SourceLocation, String)] {
        var result: [(String, SourceLocation, String)] = []
        var seen: Set<String> = []
        for host in tls.hosts where !host.value.isEmpty && seen.insert(host.value.lowercased()).inserted {
            result.append((host.value.lowercased(), host.location, host.field))
        }
        let patterns = tls.hosts.map { $0.value.lowercased() }
        for rule in ingress.rules {
            guard let host = rule.host, !host.value.isEmpty, !seen.contains(host.value.lowercased()) else { continue }
            if HostPattern.any(of: patterns, covers: host.value), seen.insert(host.value.lowercased()).inserted {
                result.append((host.value.lowercased(), host.location, host.field))
            }
        }
        return result
    }
}
