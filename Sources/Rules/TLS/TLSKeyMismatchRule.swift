import IngressModel
/// The private key does not belong to the leaf certificate: the TLS handshake fails.
struct TLSKeyMismatchRule: Rule {
    let declaration = RuleDeclaration(id: "tls-key-mismatch", category: .tls, severity: .error, inputs: [.tlsMaterial])

    func check(_ context: RuleContext) -> [Finding] {
        context.tlsSecrets.compactMap { secret, report in
            guard report.keyMatchesLeaf == false else { return nil }
            return finding(
                "tls.key of Secret \(secret.ref.qualifiedName) does not belong to the first certificate of tls.crt",
                at: secret.location(ofKey: Secret.privateKeyKey), object: secret.ref, field: secret.values[Secret.privateKeyKey]?.field,
                hint: "put the key that was generated with this certificate (compare `openssl x509 -noout -pubkey` with `openssl pkey -pubout`), and the leaf first in tls.crt")
        }
    }
}
