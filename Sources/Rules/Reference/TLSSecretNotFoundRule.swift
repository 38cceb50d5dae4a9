/// A TLS entry names a Secret that is not among the inputs (in the Ingress's namespace): information
/// when the inputs hold no Secret there, a warning naming the closest when they hold others, an
/// error with `--strict-references` or a cluster's state.
struct TLSSecretNotFoundRule: Rule {
    let declaration = RuleDeclaration(id: "tls-secret-not-found", category: .reference, severity: .info, inputs: [.secrets])

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for ingress in context.inventory.ingresses {
            for tls in ingress.tls {
                guard let secretName = tls.secretName, !secretName.value.isEmpty else { continue }
                let namespace = ingress.ref.namespace
                guard context.inventory.secret(namespace: namespace, name: secretName.value) == nil else { continue }
                let existing = context.inventory.secrets.filter { $0.ref.namespace == namespace }.map(\.ref.name)
                let missing = context.missingReference(to: secretName.value, among: existing)
                findings.append(finding(
                    "Secret \(namespace)/\(secretName.value) is not \(context.absentFrom)\(missing.suggestion)", at: secretName, object: ingress.ref,
                    severity: missing.severity,
                    hint: "the TLS Secret must be in the Ingress's namespace (\(namespace)); controllers serve their default certificate when it is missing"))
            }
        }
        return findings
    }
}
