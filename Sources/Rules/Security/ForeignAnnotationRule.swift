import IngressModel
import Inventory
import Routing

/// Annotations of another controller family than the one that serves the Ingress's class, e.g.
/// `nginx.ingress.kubernetes.io/*` on an Ingress of NGINX Inc.'s `nginx.org/ingress-controller` or
/// of Traefik. Controllers ignore annotations that are not theirs without a word, so the rewrite,
/// auth or TLS setting the author relies on is not in force. Silent when the class or its
/// controller is unknown.
struct ForeignAnnotationRule: Rule {
    let declaration = RuleDeclaration(id: "foreign-annotation", category: .security, severity: .warning, inputs: [.routes])

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for ingress in context.inventory.ingresses {
            let serving = ServingController(of: ingress, in: context).families
            guard !serving.isEmpty, let className = context.routes.assignments[ingress.ref]?.name else { continue }
            let servedBy = serving.map(\.displayName).joined(separator: " or ")
            let ignores = serving.count == 1 ? "which silently ignores it" : "neither of which reads it"
            let reason = Self.reason(className: className, ingress: ingress, context: context)
            for (key, value) in ingress.metadata.annotations.sorted(by: { $0.key < $1.key }) {
                guard let owner = ControllerFamily.owning(annotation: key), !serving.contains(owner) else { continue }
                findings.append(finding(
                    "annotation \(key) is read by \(owner.displayName), but this Ingress is served by \(servedBy) (\(reason.text)), \(ignores)",
                    at: value, object: ingress.ref, related: reason.related,
                    hint: "translate the setting into the serving controller's own annotations (or drop it), or move the Ingress to a class served by \(owner.displayName)"))
            }
        }
        return findings
    }

    /// Why the Ingress belongs to its controller, with where that is written.
    private static func reason(className: String, ingress: Ingress, context: RuleContext) -> (text: String, related: [RelatedLocation]) {
        if let ingressClass = context.inventory.ingressClass(named: className), let controller = ingressClass.controller {
            return (
                "class \(className), controller \(controller.value)",
                [RelatedLocation(message: "IngressClass \(className) names controller \(controller.value)", location: controller.location, object: ingressClass.ref)])
        }
        if let annotation = ingress.classAnnotation {
            return (
                "legacy class \(className)",
                [RelatedLocation(message: "the class annotation names \(className)", location: annotation.location, object: ingress.ref)])
        }
        return ("class \(className)", [])
    }
}
