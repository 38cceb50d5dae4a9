import Foundation
import IngressModel
import Routing

/// ingress-nginx merges all Ingresses of a class that share a host into one server block. When one
/// of them sets `use-regex: "true"` or `rewrite-target`, every location of that host becomes a
/// case-insensitive regular expression anchored only at its start (`location ~* "^<path>"`), in
/// the other Ingresses too: an Exact path then matches longer paths, `.` matches any character, and
/// case no longer matters. This rule names the Ingresses whose paths change meaning. Fix: give the
/// regex routes a host of their own, or write every path of the host as a deliberate regex.
struct NginxRegexHostSpillRule: Rule {
    let declaration = RuleDeclaration(id: "nginx-regex-host-spill", category: .security, severity: .warning, inputs: [.routes])

    private struct Trigger {
        var annotation: String
        var value: Located<String>
    }

    private struct Member {
        var ingress: Ingress
        var trigger: Trigger?
    }

    func check(_ context: RuleContext) -> [Finding] {
        // class → host ("" for rules without one) → the ingress-nginx Ingresses with rules for it.
        // Only an Ingress with use-regex or rewrite-target can spill, and few have one: their
        // hosts are found first, and only the Ingresses sharing those are gathered.
        let candidates = context.inventory.ingresses.filter { ingress in
            context.followsIngressNginx(ingress)
                && (ingress.metadata.annotations[AnnotationCatalog.useRegex] != nil || ingress.metadata.annotations[AnnotationCatalog.rewriteTarget] != nil)
        }
        var spilling: [String: Set<String>] = [:]
        for ingress in candidates {
            let classKey = context.routes.assignments[ingress.ref]?.key ?? ""
            for host in Self.hosts(of: ingress) where Self.trigger(of: ingress, host: host) != nil {
                spilling[classKey, default: []].insert(host)
            }
        }
        guard !spilling.isEmpty else { return [] }
        var hosts: [String: [String: [Member]]] = [:]
        for ingress in context.inventory.ingresses where context.followsIngressNginx(ingress) {
            let classKey = context.routes.assignments[ingress.ref]?.key ?? ""
            guard let triggered = spilling[classKey] else { continue }
            for host in Self.hosts(of: ingress) where triggered.contains(host) {
                hosts[classKey, default: [:]][host, default: []].append(Member(ingress: ingress, trigger: Self.trigger(of: ingress, host: host)))
            }
        }
        var findings: [Finding] = []
        for (classKey, byHost) in hosts {
            for (host, members) in byHost where members.contains(where: { $0.trigger != nil }) {
                let others = members.filter { $0.trigger == nil }.sorted { $0.ingress.ref < $1.ingress.ref }
                let affected: [(Ingress, [HTTPIngressPath])] = others.compactMap { other -> (Ingress, [HTTPIngressPath])? in
                    let paths = Self.changedPaths(of: other.ingress, host: host)
                    return paths.isEmpty ? nil : (other.ingress, paths)
                }
                guard !affected.isEmpty else { continue }
                for member in members {
                    guard let trigger = member.trigger else { continue }
                    findings.append(report(trigger, on: member.ingress, host: host, classKey: classKey, affected: affected))
                }
            }
        }
        return findings
    }

    private func report(
        _ trigger: Trigger, on ingress: Ingress, host: String, classKey: String, affected: [(Ingress, [HTTPIngressPath])]
    ) -> Finding {
        let hostText = host.isEmpty ? "the rules without a host" : "host \(host)"
        let classText = classKey.isEmpty ? "" : " of class \(classKey)"
        let names = affected.map { other, paths in
            "\(other.ref.qualifiedName) (" + paths.map { "\"\($0.pathText)\"" }.joined(separator: ", ") + ")"
        }
        var related: [RelatedLocation] = []
        for (other, paths) in affected {
            for path in paths {
                related.append(RelatedLocation(
                    message: "now matched as the case-insensitive regex ^\(path.pathText)", location: path.path?.location ?? path.location, object: other.ref))
            }
        }
        return finding(
            "\(trigger.annotation) on Ingress \(ingress.ref.qualifiedName) turns every path of \(hostText)\(classText) into a case-insensitive regular expression, also in Ingress\(names.count == 1 ? "" : "es") \(names.joined(separator: ", ")), whose paths change meaning",
            at: trigger.value, object: ingress.ref, related: related,
            hint: "serve the regex or rewrite routes on a host of their own, or make every path of \(hostText) a deliberate regex (pathType ImplementationSpecific)")
    }

    /// use-regex "true", else a rewrite-target that differs from one of the Ingress's paths on the
    /// host (ingress-nginx's `enforceRegexModifier`): either switches the host to regex locations.
    private static func trigger(of ingress: Ingress, host: String) -> Trigger? {
        let annotations = ingress.metadata.annotations
        if let useRegex = annotations[AnnotationCatalog.useRegex],
            AnnotationCatalog.goBoolean(useRegex.value.trimmingCharacters(in: .whitespacesAndNewlines)) == true {
            return Trigger(annotation: "use-regex", value: useRegex)
        }
        if let rewrite = annotations[AnnotationCatalog.rewriteTarget], !rewrite.value.isEmpty,
            paths(of: ingress, host: host).contains(where: { $0.pathText != rewrite.value }) {
            return Trigger(annotation: "rewrite-target", value: rewrite)
        }
        return nil
    }

    private static func hosts(of ingress: Ingress) -> Set<String> {
        Set(ingress.rules.filter { $0.http != nil }.map { RequestHost.normalize($0.host?.value ?? "") })
    }

    private static func paths(of ingress: Ingress, host: String) -> [HTTPIngressPath] {
        ingress.rules.filter { RequestHost.normalize($0.host?.value ?? "") == host }.flatMap { $0.http?.paths ?? [] }
    }

    /// The paths of `ingress` under `host` that mean something else as `~* "^<path>"`; only a
    /// non-Exact `/` keeps its meaning (it already matched everything).
    private static func changedPaths(of ingress: Ingress, host: String) -> [HTTPIngressPath] {
        paths(of: ingress, host: host).filter { !($0.pathText == "/" && $0.knownPathType != .exact) }
    }
}
