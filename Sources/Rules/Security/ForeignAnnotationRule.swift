import IngressModel
import Inventory
import Routing

/// Annotations of another controller than the one that serves the Ingress, e.g.
/// `nginx.ingress.kubernetes.io/*` on an Ingress of NGINX Inc.'s `nginx.org/ingress-controller`, of
/// HAProxy or of Traefik. Controllers ignore annotations that are not theirs without a word, so the
/// rewrite, auth or TLS setting the author relies on is not in force. Silent when nothing tells the
/// controller; when a class name is claimed by several (`nginx`, `haproxy`), only annotations none
/// of them reads are reported.
struct ForeignAnnotationRule: Rule {
    let declaration = RuleDeclaration(id: "foreign-annotation", category: .security, severity: .warning)

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for ingress in context.subjects {
            let judged = context.judgement(of: ingress)
            guard judged.basis != .none, judged.profile != .specification else { continue }
            let foreign = ingress.metadata.annotations.compactMap { key, value in
                ControllerProfile.owning(annotation: key).flatMap { judged.candidates.contains($0) ? nil : (key: key, value: value, owner: $0) }
            }
            // Worded only for an Ingress that has a foreign annotation, which few have.
            guard !foreign.isEmpty else { continue }
            let served = judged.candidates.map(\.displayName).joined(separator: " or ")
            let related = Self.related(ingress, context: context)
            for (key, value, owner) in foreign.sorted(by: { $0.key < $1.key }) {
                findings.append(finding(
                    "annotation \(key) is read by \(owner.displayName), but this Ingress is served by \(served) (\(judged.reason)), which silently ignores it",
                    at: value, object: ingress.ref, related: related,
                    hint: "translate the setting into the serving controller's own annotations (or drop it), or move the Ingress to a class served by \(owner.displayName)"))
            }
        }
        return findings
    }

    /// Where the class that decides the controller is written.
    private static func related(_ ingress: Ingress, context: RuleContext) -> [RelatedLocation] {
        guard let className = context.profiles.classes.assign(ingress).name else { return [] }
        if let ingressClass = context.inventory.ingressClass(named: className), let controller = ingressClass.controller {
            return [RelatedLocation(message: "IngressClass \(className) names controller \(controller.value)", location: controller.location, object: ingressClass.ref)]
        }
        if let field = ingress.ingressClassName {
            return [RelatedLocation(message: "the Ingress names class \(className)", location: field.location, object: ingress.ref)]
        }
        if let annotation = ingress.classAnnotation {
            return [RelatedLocation(message: "the class annotation names \(className)", location: annotation.location, object: ingress.ref)]
        }
        return []
    }
}
