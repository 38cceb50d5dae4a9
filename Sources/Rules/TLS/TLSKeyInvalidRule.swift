import IngressModel
/// `tls.key` that is not a parsable, unencrypted private key.
struct TLSKeyInvalidRule: Rule {
    let declaration = RuleDeclaration(id: "tls-key-invalid", category: .tls, severity: .error, inputs: [.tlsMaterial])

    func check(_ context: RuleContext) -> [Finding] {
        context.tlsSecrets.compactMap { secret, report in
            let message: String
            let hint: String
            switch report.key {
            case .encrypted?:
                message = "tls.key of Secret \(secret.ref.qualifiedName) is encrypted with a passphrase; controllers cannot load it"
                hint = "store the key unencrypted: `openssl pkey -in key.pem -out plain.pem`"
            case .invalid(let reason)?:
                message = "tls.key of Secret \(secret.ref.qualifiedName) is not a usable private key: \(reason)"
                hint = "tls.key must hold one PEM private key: PKCS#1 RSA, PKCS#8 (RSA, ECDSA, Ed25519) or SEC1 ECDSA"
            default:
                return nil
            }
            return finding(message, at: secret.location(ofKey: Secret.privateKeyKey), object: secret.ref, field: secret.values[Secret.privateKeyKey]?.field, hint: hint)
        }
    }
}
