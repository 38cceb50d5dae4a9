import IngressModel
import Routing

/// The `kubernetes.io/ingress.class` annotation is deprecated in favour of `spec.ingressClassName`,
/// except for controllers that read only the annotation (GKE Ingress): there it is the way.
struct DeprecatedIngressClassAnnotationRule: Rule {
    let declaration = RuleDeclaration(id: "deprecated-ingress-class-annotation", category: .deprecation, severity: .warning)

    func check(_ context: RuleContext) -> [Finding] {
        context.subjects.compactMap { ingress in
            guard let annotation = ingress.classAnnotation, context.profile(of: ingress).readsIngressClassName else { return nil }
            let hint = ingress.ingressClassName == nil
                ? Self.replacement(for: annotation.value, profile: context.profile(of: ingress))
                : "remove it: `spec.ingressClassName` is set"
            return finding(
                "annotation \(Ingress.classAnnotation) is deprecated since Kubernetes 1.18; use spec.ingressClassName",
                at: annotation, object: ingress.ref, hint: hint)
        }
    }

    /// The field to write instead, with a class name the API server accepts as an object name.
    static func replacement(for value: String, profile: ControllerProfile) -> String {
        // Controllers compare class names exactly: `NGINX` is served by no ingress-nginx that
        // runs with its default class.
        if let claimant = ControllerProfile.all.first(where: { !$0.claims(className: value) && $0.claims(className: value.lowercased()) }) {
            let name = value.lowercased()
            return "no controller serves class \"\(value)\" by default: class names are compared exactly, and \(claimant.displayName) serves \"\(name)\"; replace it with `spec.ingressClassName: \(name)`"
        }
        if NameValidation.dns1123Subdomain(value).isEmpty {
            return "replace it with `spec.ingressClassName: \(value)` (the name of an IngressClass object)"
        }
        if let conventional = profile.ingressClassObjectName {
            return "replace it with `spec.ingressClassName: \(conventional)`, the IngressClass \(profile.displayName) installs (\"\(value)\" is no valid object name)"
        }
        return "replace it with `spec.ingressClassName` naming the IngressClass object of this controller (\"\(value)\" is no valid object name, so the class object has another name)"
    }
}
