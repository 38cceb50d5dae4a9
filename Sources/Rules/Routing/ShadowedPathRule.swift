import IngressModel
import Routing

/// A route no request can reach. For `Prefix /foo` (or `Exact /foo`) beside `Prefix /foo/` on the
/// same host: both Prefix paths match exactly the same requests (`/foo`, `/foo/…`), and the longer
/// `/foo/` always wins; `Exact /foo` matches only `/foo`, which `/foo/` also matches with a longer path
/// (by the specification; controllers built on nginx, Envoy or a cloud load balancer keep an exact
/// match apart and let it win, so there it is reachable). Routes that never share a route table
/// (ALB IngressGroups, GKE Ingresses) do not shadow each other.
struct ShadowedPathRule: Rule {
    let declaration = RuleDeclaration(id: "shadowed-path", category: .routing, severity: .warning, inputs: [.routes])

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for key in context.routes.classKeys {
            // ingress-nginx classes: nginx-duplicate-location and nginx-regex-location-shadowed
            // read its own locations instead.
            guard let table = context.routes.classes[key], table.semantics.routing != .ingressNginx else { continue }
            for (host, index) in table.hostIndexes {
                for bucket in index.prefix.values {
                    guard let shadow = bucket.first(where: { $0.path.utf8.last == UInt8(ascii: "/") && $0.path.utf8.count > 1 }) else { continue }
                    let bare = String(decoding: shadow.path.utf8.dropLast(), as: UTF8.self)
                    // Only the first of identical routes is reported here; the others are duplicates or conflicts.
                    let routes = context.routes
                    // Where Prefix compares characters, `/foo` also matches `/foo` itself and `/foobar`.
                    if let victim = bucket.first(where: { ByteText($0.path) == ByteText(bare) && routes.shareRoutes($0.origin.ingress, shadow.origin.ingress) }),
                        routes.judgement(of: victim.origin.ingress).profile.prefixMatchesByElement {
                        findings.append(report(victim, shadow: shadow, host: host, context: context))
                    }
                    if let exact = index.exact[ByteText(bare)]?.first(where: { routes.shareRoutes($0.origin.ingress, shadow.origin.ingress) }),
                        !routes.judgement(of: exact.origin.ingress).profile.keepsExactBesideSlashPrefix {
                        findings.append(report(exact, shadow: shadow, host: host, context: context))
                    }
                }
            }
        }
        return findings
    }

    private func report(_ victim: Route, shadow: Route, host: HostPattern, context: RuleContext) -> Finding {
        finding(
            "path \(victim.pathDescription) on host \(host) can never be reached: Prefix \(shadow.path) of Ingress \(shadow.origin.ingress.qualifiedName) matches every request it matches and wins as the longer path",
            at: victim.location, object: victim.origin.ingress, field: "\(victim.field).path",
            related: [RelatedLocation(message: "the longer path that always wins", location: shadow.location, object: shadow.origin.ingress)],
            hint: context.sameBackend(victim.backend, shadow.backend)
                ? "both go to \(shadow.backend): remove \(victim.path)"
                : "requests for \(victim.path) reach \(shadow.backend), not \(victim.backend): remove one of the two paths")
    }
}
