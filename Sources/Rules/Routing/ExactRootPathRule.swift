import Routing

/// `Exact /` matches only the root URL; assets and every sub-path get 404. Almost always meant as
/// Prefix. Not reported beside other Exact paths (a deliberate list of pages), nor for AGIC, where
/// `/` of any path type is the listener's catch-all.
struct ExactRootPathRule: Rule {
    let declaration = RuleDeclaration(id: "exact-root-path", category: .routing, severity: .warning)

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for ingress in context.subjects where !context.profile(of: ingress).exactRootIsCatchAll {
            for rule in ingress.rules {
                let paths = rule.http?.paths ?? []
                // Exact / beside Prefix / is a deliberate root-only route.
                if paths.contains(where: { $0.knownPathType != .exact && $0.knownPathType != nil && $0.pathText == "/" }) { continue }
                // Exact / among other Exact paths: a list of the pages served, on purpose.
                if paths.contains(where: { $0.knownPathType == .exact && $0.pathText != "/" }) { continue }
                for path in paths where path.knownPathType == .exact && path.pathText == "/" {
                    findings.append(finding(
                        "path / is Exact: it serves only the root URL, so /index.html, /assets/… and every other path get no route",
                        at: path.path?.location ?? path.location, object: ingress.ref, field: "\(path.field).pathType",
                        hint: "use `pathType: Prefix` to send the whole site to this backend"))
                }
            }
        }
        return findings
    }
}
