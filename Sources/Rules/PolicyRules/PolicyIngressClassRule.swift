import IngressModel
import Routing

/// `allowedIngressClasses`: an Ingress of another class, or of none, violates. The class is the
/// one the controller sees: `spec.ingressClassName`, else the class annotation, else the default
/// IngressClass (which the API server writes into new Ingresses before admission).
struct PolicyIngressClassRule: Rule {
    let declaration = RuleDeclaration(id: "policy-ingress-class", category: .policy, severity: .error)

    func check(_ context: RuleContext) -> [Finding] {
        guard let (policy, ingresses) = context.policyScope(), let allowed = policy.allowedIngressClasses else { return [] }
        let assignment = ClassAssignment(inventory: context.inventory)
        let list = allowed.value.map(\.text).joined(separator: ", ")
        return ingresses.compactMap { ingress in
            let assigned = assignment.assign(ingress)
            let at = ingress.ingressClassName ?? ingress.classAnnotation ?? Located(ingress.ref.name, field: "spec.ingressClassName", location: ingress.specLocation)
            guard let name = assigned.name else {
                return policyFinding(
                    "Ingress \(ingress.ref.qualifiedName) has no class (no ingressClassName, no class annotation, no default IngressClass); the policy allows only \(list)",
                    at: at, ingress: ingress, setting: allowed.origin, hint: "set spec.ingressClassName to one of: \(list)")
            }
            guard !allowed.value.contains(where: { $0.matches(name) }) else { return nil }
            return policyFinding(
                "Ingress \(ingress.ref.qualifiedName) is of class \"\(name)\", which the policy does not allow (allowed: \(list))",
                at: at, ingress: ingress, setting: allowed.origin, hint: "set spec.ingressClassName to one of: \(list)")
        }
    }
}
