/// `spec.ingressClassName` names an IngressClass that is not among the inputs.
struct IngressClassNotFoundRule: Rule {
    let declaration = RuleDeclaration(id: "ingress-class-not-found", category: .reference, severity: .info)

    func check(_ context: RuleContext) -> [Finding] {
        context.inventory.ingresses.compactMap { ingress in
            guard let className = ingress.ingressClassName, !className.value.isEmpty,
                context.inventory.ingressClass(named: className.value) == nil
            else { return nil }
            let known = context.inventory.ingressClasses.map(\.ref.name).sorted()
            let hint = known.isEmpty
                ? "no controller serves an Ingress whose class does not exist; add the IngressClass to the inputs"
                : "IngressClasses in the inputs: \(known.joined(separator: ", "))"
            return finding(
                "IngressClass \(className.value) is not \(context.absentFrom)", at: className, object: ingress.ref,
                severity: context.missingReferenceSeverity, hint: hint)
        }
    }
}
