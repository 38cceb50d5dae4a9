/// `spec.ingressClassName` names an IngressClass that is not among the inputs: information when
/// the inputs hold no IngressClass whose name is a slip away (else a warning naming it), an error
/// with `--strict-references` or a cluster's state.
struct IngressClassNotFoundRule: Rule {
    let declaration = RuleDeclaration(id: "ingress-class-not-found", category: .reference, severity: .info)

    func check(_ context: RuleContext) -> [Finding] {
        context.subjects.compactMap { ingress in
            guard let className = ingress.ingressClassName, !className.value.isEmpty,
                context.inventory.ingressClass(named: className.value) == nil
            else { return nil }
            let known = context.inventory.ingressClasses.map(\.ref.name).sorted()
            let missing = context.missingReference(to: className.value, among: known)
            let hint = known.isEmpty
                ? "no controller serves an Ingress whose class does not exist; add the IngressClass to the inputs"
                : "IngressClasses in the inputs: \(known.joined(separator: ", "))"
            return finding(
                "IngressClass \(className.value) is not \(context.absentFrom)\(missing.suggestion)", at: className, object: ingress.ref,
                severity: missing.severity, hint: hint)
        }
    }
}
