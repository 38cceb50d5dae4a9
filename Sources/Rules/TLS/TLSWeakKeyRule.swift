import IngressModel
import TLSInspect

/// RSA keys under 2048 bits and elliptic curves under P-256, in the private key or the chain.
struct TLSWeakKeyRule: Rule {
    let declaration = RuleDeclaration(id: "tls-weak-key", category: .tls, severity: .warning, inputs: [.tlsMaterial])

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for (secret, report) in context.tlsSecrets {
            var weak: [(String, PublicKeySummary)] = []
            for certificate in report.chain where certificate.key.isWeak {
                weak.append((certificate.index == 0 ? "the leaf certificate's key" : "the key of certificate \(certificate.index + 1)", certificate.key))
            }
            if weak.isEmpty, case .parsed(let key, _)? = report.key, key.isWeak { weak.append((Secret.privateKeyKey, key)) }
            for (what, key) in weak {
                findings.append(finding(
                    "\(what) in Secret \(secret.ref.qualifiedName) is \(key), which is too weak",
                    at: secret.location(ofKey: Secret.certificateKey), object: secret.ref, field: secret.values[Secret.certificateKey]?.field,
                    hint: "use RSA 2048 bits or more, or ECDSA P-256 or stronger; browsers and current TLS libraries refuse RSA under 2048 bits"))
            }
        }
        return findings
    }
}
