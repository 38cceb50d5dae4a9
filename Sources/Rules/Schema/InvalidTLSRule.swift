/// TLS entries the API server rejects: hosts that are not (wildcard) DNS names, invalid Secret names.
struct InvalidTLSRule: Rule {
    let declaration = RuleDeclaration(id: "invalid-tls", category: .schema, severity: .error)

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for ingress in context.subjects {
            for tls in ingress.tls {
                for host in tls.hosts {
                    let errors = host.value.containsBytes("*")
                        ? NameValidation.wildcardDNS1123Subdomain(host.value)
                        : NameValidation.dns1123Subdomain(host.value)
                    for error in errors {
                        findings.append(finding(
                            NameValidation.invalid(host.field, host.value, error), at: host, object: ingress.ref,
                            hint: InvalidHostRule.hint(for: host.value)))
                    }
                }
                if let secret = tls.secretName, !secret.value.isEmpty {
                    for error in NameValidation.dns1123Subdomain(secret.value) {
                        findings.append(finding(NameValidation.invalid(secret.field, secret.value, error), at: secret, object: ingress.ref))
                    }
                }
            }
        }
        return findings
    }
}
