/// A TLS entry names a Secret that is not among the inputs (in the Ingress's namespace).
struct TLSSecretNotFoundRule: Rule {
    let declaration = RuleDeclaration(id: "tls-secret-not-found", category: .reference, severity: .info, inputs: [.secrets])

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for ingress in context.inventory.ingresses {
            for tls in ingress.tls {
                guard let secretName = tls.secretName, !secretName.value.isEmpty else { continue }
                let namespace = ingress.ref.namespace
                guard context.inventory.secret(namespace: namespace, name: secretName.value) == nil else { continue }
                findings.append(finding(
                    "Secret \(namespace)/\(secretName.value) is not \(context.absentFrom)", at: secretName, object: ingress.ref,
                    severity: context.missingReferenceSeverity,
                    hint: "the TLS Secret must be in the Ingress's namespace (\(namespace)); controllers serve their default certificate when it is missing"))
            }
        }
        return findings
    }
}
