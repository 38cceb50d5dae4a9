import IngressModel
/// `tls.crt` that holds no parsable PEM certificate: empty, DER, garbage, or a key.
struct TLSCertInvalidRule: Rule {
    let declaration = RuleDeclaration(id: "tls-cert-invalid", category: .tls, severity: .error, inputs: [.tlsMaterial])

    func check(_ context: RuleContext) -> [Finding] {
        context.tlsSecrets.compactMap { secret, report in
            guard case .invalid(let reason)? = report.certificates else { return nil }
            return finding(
                "tls.crt of Secret \(secret.ref.qualifiedName) is not a usable certificate: \(reason)",
                at: secret.location(ofKey: Secret.certificateKey), object: secret.ref, field: secret.values[Secret.certificateKey]?.field,
                hint: "tls.crt must hold the PEM certificate chain, leaf first (`-----BEGIN CERTIFICATE-----`), base64-encoded once under `data`")
        }
    }
}
