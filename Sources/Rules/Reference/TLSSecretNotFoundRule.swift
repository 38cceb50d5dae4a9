import IngressModel

/// A TLS entry names a Secret that is not among the inputs (in the Ingress's namespace): information
/// unless the inputs hold a Secret whose name is a slip away (a warning naming it; info still when
/// cert-manager issues the Secret), an error with `--strict-references` or a cluster's state.
struct TLSSecretNotFoundRule: Rule {
    let declaration = RuleDeclaration(id: "tls-secret-not-found", category: .reference, severity: .info, inputs: [.secrets])

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        // Only TLS Secrets are candidates for "did you mean", gathered once per namespace.
        let tlsSecrets = context.inventory.secrets.filter { $0.type == Secret.tlsType }
        let names = Dictionary(grouping: tlsSecrets, by: \.ref.namespace).mapValues { $0.map(\.ref.name) }
        for ingress in context.subjects {
            for tls in ingress.tls {
                guard let secretName = tls.secretName, !secretName.value.isEmpty else { continue }
                let namespace = ingress.ref.namespace
                guard context.inventory.secret(namespace: namespace, name: secretName.value) == nil else { continue }
                var missing = context.missingReference(to: secretName.value, among: names[namespace] ?? [])
                // cert-manager creates the Secret an Ingress asks it for.
                if missing.severity == .warning, Self.issuedByCertManager(ingress) { missing.severity = .info }
                findings.append(finding(
                    "Secret \(namespace)/\(secretName.value) is not \(context.absentFrom)\(missing.suggestion)", at: secretName, object: ingress.ref,
                    severity: missing.severity,
                    hint: "the TLS Secret must be in the Ingress's namespace (\(namespace)); controllers serve their default certificate when it is missing"))
            }
        }
        return findings
    }

    static let certManagerAnnotations = ["cert-manager.io/issuer", "cert-manager.io/cluster-issuer", "kubernetes.io/tls-acme"]

    static func issuedByCertManager(_ ingress: Ingress) -> Bool {
        certManagerAnnotations.contains { ingress.metadata.annotations[$0] != nil }
    }
}
