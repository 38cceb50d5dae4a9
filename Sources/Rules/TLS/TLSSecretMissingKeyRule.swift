import IngressModel

/// A `kubernetes.io/tls` Secret without `tls.crt` or `tls.key` (API-server parity: it rejects
/// such a Secret), and values under `data` that are not base64.
struct TLSSecretMissingKeyRule: Rule {
    let declaration = RuleDeclaration(id: "tls-secret-missing-key", category: .tls, severity: .error, inputs: [.secrets])

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for secret in context.inventory.secrets where secret.type == Secret.tlsType {
            for key in [Secret.certificateKey, Secret.privateKeyKey] where secret.keys[key] == nil {
                findings.append(finding(
                    "data[\(key)]: Required value", at: secret.typeLocation ?? secret.source.location, object: secret.ref,
                    field: "data[\(key)]", hint: "a kubernetes.io/tls Secret needs both tls.crt (the certificate chain) and tls.key (the private key)"))
            }
            for key in secret.values.keys.sorted() {
                guard let value = secret.values[key], let error = value.decodingError else { continue }
                findings.append(finding(error, at: value.location, object: secret.ref, field: value.field))
            }
        }
        return findings
    }
}
