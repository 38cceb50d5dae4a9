/// Input the API server or kubectl could not decode: syntax errors, wrong types, missing identity.
struct InvalidManifestRule: Rule {
    let declaration = RuleDeclaration(id: "invalid-manifest", category: .schema, severity: .error, inputs: [.loadIssues])

    func check(_ context: RuleContext) -> [Finding] {
        context.loadIssues.filter { $0.kind == .invalid }.map {
            finding($0.message, at: $0.location, object: $0.object, field: $0.field, hint: $0.hint)
        }
    }
}
