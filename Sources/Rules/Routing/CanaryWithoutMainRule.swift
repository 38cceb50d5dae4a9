import IngressModel
import Routing

/// An ingress-nginx canary (`nginx.ingress.kubernetes.io/canary: "true"`) only takes a share of the
/// traffic of a main Ingress with the same host, path and pathType. Without one, ingress-nginx
/// deletes the canary's backend ("unable to find real backend for alternative backend") and the
/// canary serves nothing; with the same backend as the main route it is not merged either.
struct CanaryWithoutMainRule: Rule {
    let declaration = RuleDeclaration(id: "canary-without-main", category: .routing, severity: .warning, inputs: [.routes])

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for canary in context.routes.alternatives {
            for placement in context.routes.placements(ofCanary: canary) {
                let path = placement.path
                let shown = "host \(placement.host) path \(path.pathText.isEmpty ? "/" : path.pathText) (\(path.knownPathType?.rawValue ?? ""))"
                let location = path.path?.location ?? path.location
                let field = path.path?.field ?? path.field
                switch placement.outcome {
                case .merged:
                    continue
                case .sameBackend(let main):
                    findings.append(finding(
                        "canary \(shown) sends to \(main.backend), the backend of the main route of Ingress \(main.origin.ingress.qualifiedName): ingress-nginx does not merge a canary into its own backend, so there is no split",
                        at: location, object: canary.ref, field: field, related: [main.related],
                        hint: "point the canary at the new version's Service"))
                case .noMainRoute(let hostKnown):
                    // Files are partial: without any main Ingress for the host in the inputs, the
                    // main one may simply be elsewhere.
                    let confident = hostKnown || context.options.clusterState || context.options.strictReferences
                    findings.append(finding(
                        confident
                            ? "canary \(shown) has no main Ingress with the same host, path and pathType \(context.absentFrom): ingress-nginx drops the canary backend and it serves nothing"
                            : "canary \(shown) needs a main Ingress with the same host, path and pathType, and none is \(context.absentFrom)",
                        at: location, object: canary.ref, field: field, severity: confident ? .warning : .info,
                        hint: "a canary Ingress copies the main Ingress's host, path and pathType exactly and only changes the backend"))
                }
            }
        }
        return findings
    }
}
