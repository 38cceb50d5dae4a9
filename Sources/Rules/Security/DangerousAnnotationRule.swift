import IngressModel
import Routing

/// Annotations that inject raw configuration, or that ingress-nginx itself rates risky. Whoever may
/// edit an Ingress with them may read the controller's Secrets or run code in it. For ingress-nginx
/// the severity follows its own gate: `annotations-risk-level` (default High) refuses anything
/// rated above it, so Critical annotations (the snippets) are errors, and High ones, which a default
/// controller admits, are information. Other controllers' annotations take their catalog rating:
/// injecting ones (NGINX Inc's snippets, which it refuses by default) errors, high-risk ones warnings.
struct DangerousAnnotationRule: Rule {
    let declaration = RuleDeclaration(id: "dangerous-annotation", category: .security, severity: .error)

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for ingress in context.subjects {
            for (key, value) in ingress.metadata.annotations.sorted(by: { $0.key < $1.key }) {
                guard let spec = AnnotationCatalog.spec(key), context.reads(spec, on: ingress) else { continue }
                let why: String
                switch spec.risk {
                case .none: continue
                case .dangerous(let text), .highRisk(let text): why = text
                }
                if let entry = IngressNginxAnnotation.entry(forKey: key) {
                    findings.append(ingressNginx(key: key, value: value, entry: entry, why: why, ingress: ingress))
                    continue
                }
                let dangerous: Bool
                if case .dangerous = spec.risk { dangerous = true } else { dangerous = false }
                findings.append(finding(
                    "annotation \(key) is \(dangerous ? "dangerous" : "high-risk"): \(why)", at: value, object: ingress.ref,
                    severity: dangerous ? .error : .warning,
                    hint: "let only trusted users set it (an admission policy on the annotation), and keep the controller's snippet support off unless they are"))
            }
        }
        return findings
    }

    private func ingressNginx(key: String, value: Located<String>, entry: IngressNginxAnnotation, why: String, ingress: Ingress) -> Finding {
        let gate = IngressNginxAnnotation.defaultRiskLevel
        if entry.risk > gate {
            return finding(
                "annotation \(key) is dangerous: \(why); ingress-nginx refuses the Ingress unless annotations-risk-level is raised to \(entry.risk) (default \(gate))",
                at: value, object: ingress.ref, severity: .error,
                hint: "remove it: use a dedicated annotation or the controller's ConfigMap instead, and keep annotations-risk-level at High or below (allow-snippet-annotations \"false\")")
        }
        return finding(
            "annotation \(key) is rated \(entry.risk) risk by ingress-nginx: \(why); the default annotations-risk-level (\(gate)) admits it",
            at: value, object: ingress.ref, severity: .info,
            hint: "where tenants share the controller, lower annotations-risk-level below \(entry.risk) or let only trusted users set it (an admission policy on the annotation), and run a patched controller (v1.11.5, v1.12.1 or later)")
    }
}
