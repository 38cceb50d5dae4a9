import IngressModel

/// pathType values other than Exact, Prefix and ImplementationSpecific.
struct InvalidPathTypeRule: Rule {
    let declaration = RuleDeclaration(id: "invalid-path-type", category: .schema, severity: .error)

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for ingress in context.subjects {
            for rule in ingress.rules {
                for path in rule.http?.paths ?? [] {
                    guard let pathType = path.pathType, path.knownPathType == nil else { continue }
                    let message = "\(pathType.field): Unsupported value: \"\(pathType.value)\": supported values: \"Exact\", \"ImplementationSpecific\", \"Prefix\""
                    let close = PathType.allCases.first { $0.rawValue.lowercased() == pathType.value.lowercased() }
                    findings.append(finding(
                        message, at: pathType, object: ingress.ref,
                        hint: close.map { "values are case-sensitive: write `\($0.rawValue)`" }))
                }
            }
        }
        return findings
    }
}
