import IngressModel

/// More than one IngressClass marked default: older API servers reject every Ingress without a
/// class, newer ones silently pick the newest.
struct MultipleDefaultIngressClassesRule: Rule {
    let declaration = RuleDeclaration(id: "multiple-default-ingress-classes", category: .reference, severity: .warning)

    func check(_ context: RuleContext) -> [Finding] {
        let defaults = context.inventory.defaultIngressClasses
        guard defaults.count > 1 else { return [] }
        return defaults.map { ingressClass in
            let others = defaults.filter { $0.ref.name != ingressClass.ref.name }
            let location = ingressClass.metadata.annotations[IngressClass.defaultAnnotation]?.location ?? ingressClass.source.location
            return finding(
                "IngressClass \(ingressClass.ref.name) is marked default, and so \(others.count == 1 ? "is" : "are") \(others.map(\.ref.name).joined(separator: ", "))",
                at: location, object: ingressClass.ref,
                field: "metadata.annotations[\(IngressClass.defaultAnnotation)]",
                related: others.map { RelatedLocation(message: "IngressClass \($0.ref.name) is also default", location: $0.source.location, object: $0.ref) },
                hint: "keep the annotation on one class: older API servers reject every Ingress without a class (\"\(defaults.count) default IngressClasses were found, only 1 allowed\"); newer ones pick the newest class")
        }
    }
}
