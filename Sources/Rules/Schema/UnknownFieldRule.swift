/// Fields that the schema of the object's apiVersion does not have; strict field validation in
/// `kubectl apply` rejects them, and lenient clients drop them silently, which is worse.
struct UnknownFieldRule: Rule {
    let declaration = RuleDeclaration(id: "unknown-field", category: .schema, severity: .error, inputs: [.loadIssues])

    func check(_ context: RuleContext) -> [Finding] {
        context.loadIssues.filter { $0.kind == .unknownField }.map { issue in
            var message = issue.message
            if let object = issue.object { message += " in \(object.kind) \(object.apiVersion)" }
            return finding(message, at: issue.location, object: issue.object, field: issue.field, hint: issue.hint)
        }
    }
}
