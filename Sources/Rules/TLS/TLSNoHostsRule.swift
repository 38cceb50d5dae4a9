import Routing

/// A TLS entry without hosts serves only the controller's default certificate; one without a
/// secretName relies on the controller's default certificate for its hosts. Missing hosts are not
/// reported where none could be listed (no rule has a host), where the controller picks
/// certificates without reading `tls[].hosts` (GKE, Traefik, HAProxy), or where an entry without
/// hosts serves the rule hosts anyway (ingress-nginx by the certificate's names, AGIC and Istio as
/// the default certificate), unless another entry lists the hosts without a Secret: ingress-nginx
/// takes the entry that lists the host first, and it has no certificate. Under GKE an entry without
/// a secretName is a warning: ingress-gce has no default certificate and fails the lookup.
struct TLSNoHostsRule: Rule {
    let declaration = RuleDeclaration(id: "tls-no-hosts", category: .tls, severity: .warning)

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for ingress in context.subjects {
            let profile = context.profile(of: ingress)
            let ruleHosts = ingress.rules.contains { !($0.host?.value ?? "").isEmpty }
            // A host listed in an entry without a Secret (`hosts` and `secretName` written as two entries).
            let listedWithoutSecret = ingress.tls.first { !$0.hosts.isEmpty && ($0.secretName?.value ?? "").isEmpty }
            for tls in ingress.tls {
                if tls.hosts.isEmpty, profile == .ingressNginx, ruleHosts, let split = listedWithoutSecret, !(tls.secretName?.value ?? "").isEmpty {
                    findings.append(finding(
                        "\(tls.field) has the Secret but no hosts, and \(split.field) lists \(split.hosts.map(\.value).joined(separator: ", ")) without a Secret: ingress-nginx takes the entry that lists a host, so those hosts get its default certificate",
                        at: tls.location, object: ingress.ref, field: "\(tls.field).hosts",
                        related: [RelatedLocation(message: "the hosts are listed here, without secretName", location: split.location, object: ingress.ref)],
                        hint: "write hosts and secretName in one entry: `- hosts: [...]` then `secretName:` under the same dash"))
                    continue
                }
                if tls.hosts.isEmpty, let message = Self.problem(profile: profile, ruleHosts: ruleHosts, field: tls.field) {
                    findings.append(finding(
                        message, at: tls.location, object: ingress.ref, field: "\(tls.field).hosts",
                        hint: ruleHosts
                            ? "list the hosts the certificate serves under `hosts:`, matching the rule hosts"
                            : "give the rules a host and list it under `hosts:`"))
                }
                if (tls.secretName?.value ?? "").isEmpty, profile == .gce {
                    // ingress-gce's translator.Secrets looks every entry's Secret up, "" included.
                    findings.append(finding(
                        "\(tls.field) has no secretName: GKE has no default certificate, and ingress-gce fails this Ingress's certificates with `secret \"\" does not exist`, so it gets no HTTPS",
                        at: tls.secretName?.location ?? tls.location, object: ingress.ref, field: "\(tls.field).secretName",
                        hint: "name the kubernetes.io/tls Secret that holds the certificate, or drop the entry and use the `networking.gke.io/managed-certificates` or `ingress.gcp.kubernetes.io/pre-shared-cert` annotation"))
                } else if (tls.secretName?.value ?? "").isEmpty {
                    findings.append(finding(
                        "\(tls.field) has no secretName: its hosts get the controller's default certificate (TLS routed by SNI alone)",
                        at: tls.secretName?.location ?? tls.location, object: ingress.ref, field: "\(tls.field).secretName", severity: .info,
                        hint: "name the kubernetes.io/tls Secret that holds the certificate for these hosts"))
                }
            }
        }
        return findings
    }

    /// What a TLS entry without hosts costs under the profile, or nil when nothing.
    static func problem(profile: ControllerProfile, ruleHosts: Bool, field: String) -> String? {
        if !ruleHosts {
            // ingress-nginx serves host-less rules from its catch-all server, which only ever
            // presents the default certificate (extractTLSSecretName never matches it).
            guard profile == .ingressNginx else { return nil }
            return "\(field) has no hosts and no rule has one: ingress-nginx serves host-less rules from its catch-all server with its default certificate, so this Secret is never presented"
        }
        guard profile.readsTLSHosts, !profile.tlsEntryWithoutHostsServesRuleHosts else { return nil }
        return "\(field) has no hosts: \(profile == .specification ? "which hosts get its certificate is left to the controller (the API defaults them to the load balancer's wildcard host)" : "\(profile.displayName) presents a certificate only for the hosts listed")"
    }
}
