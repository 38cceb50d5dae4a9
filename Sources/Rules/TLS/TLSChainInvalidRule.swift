import IngressModel
import Inventory
/// A chain out of order, an intermediate that did not sign the certificate before it, or a CA
/// certificate as the leaf: some clients cannot build a path to a trusted root.
struct TLSChainInvalidRule: Rule {
    let declaration = RuleDeclaration(id: "tls-chain-invalid", category: .tls, severity: .warning, inputs: [.tlsMaterial, .trustBundle])

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for (secret, report) in context.tlsSecrets {
            for problem in report.chainProblems {
                findings.append(finding(
                    "tls.crt of Secret \(secret.ref.qualifiedName): \(problem.message)",
                    at: secret.location(ofKey: Secret.certificateKey), object: secret.ref, field: secret.values[Secret.certificateKey]?.field,
                    hint: "tls.crt must be the leaf first, then each intermediate in order, each signed by the next"))
            }
            let name = Inventory.NamespacedName(namespace: secret.ref.namespace, name: secret.ref.name)
            if case .untrusted(let reason)? = context.trustVerdicts?[name] {
                findings.append(finding(
                    "the chain of Secret \(secret.ref.qualifiedName) does not verify to the --ca-bundle: \(reason)",
                    at: secret.location(ofKey: Secret.certificateKey), object: secret.ref, field: secret.values[Secret.certificateKey]?.field,
                    severity: .error,
                    hint: "include every intermediate in tls.crt after the leaf, and check that the issuing CA is in the bundle"))
            }
        }
        return findings
    }
}
