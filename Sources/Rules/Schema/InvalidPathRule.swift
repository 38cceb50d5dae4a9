import IngressModel

/// Paths the API server rejects for their path type (validateHTTPIngressPath).
struct InvalidPathRule: Rule {
    let declaration = RuleDeclaration(id: "invalid-path", category: .schema, severity: .error)
    static let forbiddenSequences = ["//", "/./", "/../", "%2f", "%2F"]

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for ingress in context.subjects {
            for rule in ingress.rules {
                if let http = rule.http, http.paths.isEmpty {
                    findings.append(finding(
                        "\(http.field).paths: Required value", at: http.location, object: ingress.ref, field: "\(http.field).paths",
                        hint: "give the rule at least one path, or remove `http` (and the rule, if it has no host either)"))
                }
                for path in rule.http?.paths ?? [] {
                    guard let type = path.knownPathType else { continue }
                    for error in Self.errors(path.pathText, type: type) {
                        let message = NameValidation.invalid("\(path.field).path", path.pathText, error)
                        findings.append(finding(
                            message, at: path.path?.location ?? path.location, object: ingress.ref,
                            field: "\(path.field).path"))
                    }
                }
            }
        }
        return findings
    }

    static func errors(_ path: String, type: PathType) -> [String] {
        var errors: [String] = []
        switch type {
        case .exact, .prefix:
            if !path.hasPrefix("/") { errors.append("must be an absolute path") }
            guard !path.isEmpty else { return errors }
            for sequence in forbiddenSequences where path.containsBytes(sequence) {
                errors.append("must not contain '\(sequence)'")
            }
            if path.hasSuffix("/..") {
                errors.append("cannot end with '/..'")
            } else if path.hasSuffix("/.") {
                errors.append("cannot end with '/.'")
            }
        case .implementationSpecific:
            if !path.isEmpty && !path.hasPrefix("/") { errors.append("must be an absolute path") }
        }
        return errors
    }
}
