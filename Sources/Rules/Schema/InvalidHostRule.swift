/// Rule hosts the API server rejects: IP addresses, and names that are not (wildcard) DNS names.
struct InvalidHostRule: Rule {
    let declaration = RuleDeclaration(id: "invalid-host", category: .schema, severity: .error)

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for ingress in context.subjects {
            for rule in ingress.rules {
                guard let host = rule.host, !host.value.isEmpty else { continue }
                var errors: [String] = []
                if NameValidation.isIPAddress(host.value) { errors.append("must be a DNS name, not an IP address") }
                if host.value.containsBytes("*") {
                    errors += NameValidation.wildcardDNS1123Subdomain(host.value)
                } else if !NameValidation.isIPv4(Substring(host.value)) {
                    errors += NameValidation.dns1123Subdomain(host.value)
                }
                guard !errors.isEmpty else { continue }
                let hint = Self.hint(for: host.value)
                for error in errors {
                    findings.append(finding(NameValidation.invalid(host.field, host.value, error), at: host, object: ingress.ref, hint: hint))
                }
            }
        }
        return findings
    }

    static func hint(for host: String) -> String? {
        if host.containsBytes(":") && !NameValidation.isIPv6(host) { return "ports are not allowed in a host; the Ingress port is implicitly 80/443" }
        if host != host.lowercased() { return "hosts must be lower case: \(host.lowercased())" }
        if host.hasSuffix(".") { return "drop the trailing dot" }
        if host == "*" { return "a host of `*` alone is not allowed; leave `host` out to match every host" }
        if host.containsBytes("*") { return "a wildcard must be the whole first label, e.g. *.example.com" }
        if NameValidation.isIPAddress(host) { return "leave `host` out to serve requests addressed by IP" }
        return nil
    }
}
