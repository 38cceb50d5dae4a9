import Routing

/// A TLS entry without hosts serves only the controller's default certificate; one without a
/// secretName relies on the controller's default certificate for its hosts. Missing hosts are not
/// reported where none could be listed (no rule has a host), where the controller picks
/// certificates without reading `tls[].hosts` (GKE, Traefik, HAProxy), or where an entry without
/// hosts serves the rule hosts anyway (ingress-nginx by the certificate's names, AGIC and Istio as
/// the default certificate).
struct TLSNoHostsRule: Rule {
    let declaration = RuleDeclaration(id: "tls-no-hosts", category: .tls, severity: .warning)

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for ingress in context.inventory.ingresses {
            let profile = context.profile(of: ingress)
            let hostsMatter = profile.readsTLSHosts && !profile.tlsEntryWithoutHostsServesRuleHosts
                && ingress.rules.contains { !($0.host?.value ?? "").isEmpty }
            for tls in ingress.tls {
                if tls.hosts.isEmpty && hostsMatter {
                    findings.append(finding(
                        "\(tls.field) has no hosts: which hosts get its certificate is left to the controller (the API defaults them to the load balancer's wildcard host)",
                        at: tls.location, object: ingress.ref, field: "\(tls.field).hosts",
                        hint: "list the hosts the certificate serves under `hosts:`, matching the rule hosts"))
                }
                if (tls.secretName?.value ?? "").isEmpty {
                    findings.append(finding(
                        "\(tls.field) has no secretName: its hosts get the controller's default certificate (TLS routed by SNI alone)",
                        at: tls.secretName?.location ?? tls.location, object: ingress.ref, field: "\(tls.field).secretName", severity: .info,
                        hint: "name the kubernetes.io/tls Secret that holds the certificate for these hosts"))
                }
            }
        }
        return findings
    }
}
