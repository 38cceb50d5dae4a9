import IngressModel
import Routing

/// Annotations that inject raw NGINX configuration (an error) or that the controller itself rates
/// high-risk or that were the vehicle of a CVE (a warning). Whoever may edit an Ingress with them
/// may read the controller's Secrets or run code in it; the fix is to remove them, or to make
/// sure only trusted users can set them and the controller is patched.
struct DangerousAnnotationRule: Rule {
    let declaration = RuleDeclaration(id: "dangerous-annotation", category: .security, severity: .error)

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for ingress in context.inventory.ingresses {
            for (key, value) in ingress.metadata.annotations.sorted(by: { $0.key < $1.key }) {
                guard let spec = AnnotationCatalog.spec(key), context.reads(spec, on: ingress) else { continue }
                switch spec.risk {
                case .none:
                    continue
                case .dangerous(let why):
                    findings.append(finding(
                        "annotation \(key) is dangerous: \(why)", at: value, object: ingress.ref, severity: .error,
                        hint: "remove it: use a dedicated annotation or the controller's ConfigMap instead, and keep snippet annotations disabled (ingress-nginx: allow-snippet-annotations \"false\", annotations-risk-level below Critical)"))
                case .highRisk(let why):
                    findings.append(finding(
                        "annotation \(key) is high-risk: \(why)", at: value, object: ingress.ref, severity: .warning,
                        hint: "let only trusted users set it (an admission policy on the annotation), run a patched controller (ingress-nginx v1.11.5, v1.12.1 or later), and cap annotations-risk-level in the controller's ConfigMap where tenants share it"))
                }
            }
        }
        return findings
    }
}
