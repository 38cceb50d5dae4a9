import IngressModel

/// `spec.tls[].secretName` names a Secret that is not `kubernetes.io/tls`: controllers refuse it
/// and serve their default certificate instead.
struct TLSSecretWrongTypeRule: Rule {
    let declaration = RuleDeclaration(id: "tls-secret-wrong-type", category: .tls, severity: .error, inputs: [.secrets])

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for ingress in context.subjects {
            for tls in ingress.tls {
                guard let name = tls.secretName, !name.value.isEmpty,
                    let secret = context.inventory.secret(namespace: ingress.ref.namespace, name: name.value),
                    secret.type != Secret.tlsType
                else { continue }
                findings.append(finding(
                    "Secret \(secret.ref.qualifiedName) has type \(secret.type), not \(Secret.tlsType): the API server never checks that it holds tls.crt and tls.key, and controllers that require the type ignore it",
                    at: name, object: ingress.ref,
                    related: [RelatedLocation(message: "the Secret's type", location: secret.typeLocation ?? secret.source.location, object: secret.ref)],
                    hint: "create it with `kubectl create secret tls NAME --cert=... --key=...`, which sets type kubernetes.io/tls and the keys tls.crt and tls.key"))
            }
        }
        return findings
    }
}
