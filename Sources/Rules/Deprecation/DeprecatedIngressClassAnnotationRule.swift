import IngressModel

/// The `kubernetes.io/ingress.class` annotation is deprecated in favour of `spec.ingressClassName`.
struct DeprecatedIngressClassAnnotationRule: Rule {
    let declaration = RuleDeclaration(id: "deprecated-ingress-class-annotation", category: .deprecation, severity: .warning)

    func check(_ context: RuleContext) -> [Finding] {
        context.inventory.ingresses.compactMap { ingress in
            guard let annotation = ingress.classAnnotation else { return nil }
            let hint = ingress.ingressClassName == nil
                ? "replace it with `spec.ingressClassName: \(annotation.value)` (the name of an IngressClass object)"
                : "remove it: `spec.ingressClassName` is set"
            return finding(
                "annotation \(Ingress.classAnnotation) is deprecated since Kubernetes 1.18; use spec.ingressClassName",
                at: annotation, object: ingress.ref, hint: hint)
        }
    }
}
