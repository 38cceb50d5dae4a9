import IngressModel
import TLSInspect

extension RuleContext {
    /// Every TLS entry of each subject Ingress whose Secret is in the inputs, with that Secret's report.
    var tlsEntries: [(ingress: Ingress, tls: IngressTLS, secret: Secret, report: TLSReport)] {
        var entries: [(Ingress, IngressTLS, Secret, TLSReport)] = []
        for ingress in subjects {
            for tls in ingress.tls {
                guard let name = tls.secretName?.value, !name.isEmpty,
                    let secret = inventory.secret(namespace: ingress.ref.namespace, name: name),
                    let report = tlsReport(namespace: secret.ref.namespace, name: name)
                else { continue }
                entries.append((ingress, tls, secret, report))
            }
        }
        return entries
    }
}

extension Secret {
    /// Where findings about a key of this Secret point: the key, else `type`, else the object.
    func location(ofKey key: String) -> SourceLocation {
        values[key]?.location ?? keys[key] ?? typeLocation ?? source.location
    }
}
