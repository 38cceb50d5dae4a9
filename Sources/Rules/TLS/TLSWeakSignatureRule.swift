import IngressModel
/// SHA-1 or MD5 signatures in the chain; a self-signed root's own signature is not checked by
/// clients and does not count.
struct TLSWeakSignatureRule: Rule {
    let declaration = RuleDeclaration(id: "tls-weak-signature", category: .tls, severity: .warning, inputs: [.tlsMaterial])

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for (secret, report) in context.tlsSecrets {
            for certificate in report.chain where certificate.hasWeakSignature {
                if certificate.isSelfSigned && certificate.index > 0 { continue }
                findings.append(finding(
                    "certificate \(certificate.index + 1) of Secret \(secret.ref.qualifiedName) (\(certificate.subject)) is signed with \(certificate.signatureAlgorithm)",
                    at: secret.location(ofKey: Secret.certificateKey), object: secret.ref, field: secret.values[Secret.certificateKey]?.field,
                    hint: "browsers reject SHA-1 and MD5 certificate signatures; reissue it with SHA-256 or stronger"))
            }
        }
        return findings
    }
}
