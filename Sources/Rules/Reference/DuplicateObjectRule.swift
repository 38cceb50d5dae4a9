/// The same object defined twice in the inputs: the later definition silently replaces the earlier.
struct DuplicateObjectRule: Rule {
    let declaration = RuleDeclaration(id: "duplicate-object", category: .reference, severity: .warning, inputs: [.inputDocuments])

    func check(_ context: RuleContext) -> [Finding] {
        context.inventory.duplicates.map { duplicate, first in
            finding(
                "\(duplicate.ref.kind) \(duplicate.ref.qualifiedName) is defined more than once; applying the inputs keeps only this, the last definition, which the analysis uses",
                at: duplicate.metadata.name?.location ?? duplicate.source.location, object: duplicate.ref,
                field: "metadata.name",
                related: [RelatedLocation(message: "an earlier definition, replaced by this one", location: first.source.location, object: first.ref)],
                hint: "remove one definition or give it another name")
        }
    }
}
