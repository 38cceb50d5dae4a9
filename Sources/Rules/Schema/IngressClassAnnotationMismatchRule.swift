import IngressModel

/// On create the API server rejects an Ingress whose class annotation and `ingressClassName` differ.
struct IngressClassAnnotationMismatchRule: Rule {
    let declaration = RuleDeclaration(id: "ingress-class-annotation-mismatch", category: .schema, severity: .error)

    func check(_ context: RuleContext) -> [Finding] {
        context.subjects.compactMap { ingress in
            guard let annotation = ingress.classAnnotation, let className = ingress.ingressClassName,
                annotation.value != className.value
            else { return nil }
            return finding(
                "annotations.\(Ingress.classAnnotation): Invalid value: \"\(annotation.value)\": must match `ingressClassName` when both are specified",
                at: annotation, object: ingress.ref,
                related: [RelatedLocation(message: "ingressClassName is \"\(className.value)\" here", location: className.location, object: ingress.ref)],
                hint: "remove the deprecated annotation and keep `spec.ingressClassName`")
        }
    }
}
