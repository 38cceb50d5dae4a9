import IngressModel
import Routing

/// `annotations.deny` and `annotations.allow`: key globs. A key matching a denied pattern, or,
/// with an allowlist, matching none of its patterns, violates. A refusal of the ignore annotation
/// itself cannot be suppressed by that annotation (see `LintEngine`), so denying
/// `ingress-guard.io/ignore` keeps tenants from exempting themselves.
struct PolicyAnnotationRule: Rule {
    let declaration = RuleDeclaration(id: "policy-annotation", category: .policy, severity: .error)

    func check(_ context: RuleContext) -> [Finding] {
        guard let (policy, ingresses) = context.policyScope(), !policy.deniedAnnotations.isEmpty || policy.allowedAnnotations != nil else { return [] }
        var findings: [Finding] = []
        for ingress in ingresses {
            for (key, value) in ingress.metadata.annotations.sorted(by: { $0.key < $1.key }) {
                if let denied = policy.deniedAnnotations.first(where: { $0.value.matches(key) }) {
                    findings.append(policyFinding(
                        "annotation \(key) is denied by the policy (pattern \(denied.value.text))", at: value, ingress: ingress, setting: denied.origin,
                        hint: "remove it; ask the platform team if the setting is needed"))
                } else if let allowed = policy.allowedAnnotations, !allowed.value.contains(where: { $0.matches(key) }) {
                    findings.append(policyFinding(
                        "annotation \(key) is not among those the policy allows (\(allowed.value.map(\.text).joined(separator: ", ")))", at: value, ingress: ingress,
                        setting: allowed.origin, hint: "remove it; ask the platform team if the setting is needed"))
                }
            }
        }
        return findings
    }
}

/// `annotations.denyValueWords`: a controller annotation whose value contains a denied word (as
/// ingress-nginx's `annotation-value-word-blocklist`: a case-sensitive substring; CVE-2021-25746).
/// Only annotations of the controller that serves the Ingress are read (any controller's when none
/// is known): `kubectl.kubernetes.io/last-applied-configuration` holds braces by nature.
struct PolicyAnnotationValueRule: Rule {
    let declaration = RuleDeclaration(id: "policy-annotation-value", category: .policy, severity: .error)

    func check(_ context: RuleContext) -> [Finding] {
        guard let (policy, ingresses) = context.policyScope(), let words = policy.deniedValueWords else { return [] }
        var findings: [Finding] = []
        for ingress in ingresses {
            let serving = context.profile(of: ingress)
            for (key, value) in ingress.metadata.annotations.sorted(by: { $0.key < $1.key }) {
                let controllers = serving == .specification ? ControllerProfile.all.filter { $0.owns(annotation: key) } : (serving.owns(annotation: key) ? [serving] : [])
                guard !controllers.isEmpty, let word = words.value.first(where: { value.value.contains($0) }) else { continue }
                findings.append(policyFinding(
                    "annotation \(key) contains the denied word \"\(word)\"", at: value, ingress: ingress, setting: words.origin,
                    hint: "use the controller's dedicated annotations; words like these inject configuration (CVE-2021-25746)"))
            }
        }
        return findings
    }
}

/// `annotations.maxRiskLevel`: ingress-nginx annotations rated above the level (its own
/// `annotations-risk-level` scale: Low, Medium, High, Critical) on Ingresses ingress-nginx serves.
struct PolicyAnnotationRiskRule: Rule {
    let declaration = RuleDeclaration(id: "policy-annotation-risk", category: .policy, severity: .error)

    func check(_ context: RuleContext) -> [Finding] {
        guard let (policy, ingresses) = context.policyScope(), let level = policy.maxRiskLevel else { return [] }
        var findings: [Finding] = []
        for ingress in ingresses {
            let serving = context.profile(of: ingress)
            guard serving.readsIngressNginxAnnotations || serving == .specification else { continue }
            for (key, value) in ingress.metadata.annotations.sorted(by: { $0.key < $1.key }) {
                guard let entry = IngressNginxAnnotation.entry(forKey: key), entry.risk > level.value else { continue }
                findings.append(policyFinding(
                    "annotation \(key) is rated \(entry.risk) risk by ingress-nginx; the policy allows up to \(level.value)", at: value, ingress: ingress,
                    setting: level.origin, hint: "remove it, or ask the platform team to set it for you"))
            }
        }
        return findings
    }
}
