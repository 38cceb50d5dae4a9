import IngressModel
import Inventory
import Routing

/// A family of Ingress controllers that reads one set of annotations. Annotations are silently
/// ignored by every other family, so knowing which family serves an Ingress tells which of its
/// annotations do anything at all.
struct ControllerFamily: Sendable, Hashable {
    let id: String
    let displayName: String
    /// Annotation keys starting with one of these belong to the family.
    let annotationPrefixes: [String]
    /// Keys outside those prefixes that only this family reads.
    let annotationNames: [String]
    /// IngressClass `spec.controller` values that identify the family.
    let controllers: [String]
    /// Controller values beginning with one of these also do: ingress-nginx deployments that run
    /// several instances name them `k8s.io/ingress-nginx-internal` and the like.
    let controllerPrefixes: [String]
    /// Class names controllers claim by default, for Ingresses that only carry the legacy
    /// `kubernetes.io/ingress.class` annotation and no IngressClass object is in the inputs.
    let legacyClassNames: [String]

    static func == (lhs: ControllerFamily, rhs: ControllerFamily) -> Bool { lhs.id == rhs.id }
    func hash(into hasher: inout Hasher) { hasher.combine(id) }

    static let ingressNginx = ControllerFamily(
        id: "ingress-nginx", displayName: "ingress-nginx (kubernetes/ingress-nginx)",
        annotationPrefixes: ["nginx.ingress.kubernetes.io/"], annotationNames: [],
        controllers: ["k8s.io/ingress-nginx"], controllerPrefixes: ["k8s.io/ingress-nginx-"],
        legacyClassNames: ["nginx"])

    static let nginxInc = ControllerFamily(
        id: "nginx-inc", displayName: "NGINX Ingress Controller (F5 NGINX, nginx/kubernetes-ingress)",
        annotationPrefixes: ["nginx.org/", "nginx.com/"], annotationNames: [],
        controllers: ["nginx.org/ingress-controller"], controllerPrefixes: [],
        legacyClassNames: ["nginx"])

    static let traefik = ControllerFamily(
        id: "traefik", displayName: "Traefik",
        annotationPrefixes: ["traefik.ingress.kubernetes.io/"], annotationNames: [],
        controllers: ["traefik.io/ingress-controller"], controllerPrefixes: [],
        legacyClassNames: ["traefik"])

    static let awsALB = ControllerFamily(
        id: "aws-alb", displayName: "AWS Load Balancer Controller",
        annotationPrefixes: ["alb.ingress.kubernetes.io/"], annotationNames: [],
        controllers: ["ingress.k8s.aws/alb"], controllerPrefixes: [],
        legacyClassNames: ["alb"])

    // GKE Ingress picks Ingresses by the legacy annotation (or by the absence of any class) and
    // ignores IngressClass objects, so it has no controller value to match.
    static let gce = ControllerFamily(
        id: "gce", displayName: "GKE Ingress (ingress-gce)",
        annotationPrefixes: ["ingress.gcp.kubernetes.io/", "networking.gke.io/"],
        annotationNames: [
            "kubernetes.io/ingress.global-static-ip-name", "kubernetes.io/ingress.regional-static-ip-name",
            "kubernetes.io/ingress.allow-http",
        ],
        controllers: [], controllerPrefixes: [],
        legacyClassNames: ["gce", "gce-internal"])

    static let all: [ControllerFamily] = [.ingressNginx, .nginxInc, .traefik, .awsALB, .gce]

    /// The family that reads an annotation key, if any.
    static func owning(annotation key: String) -> ControllerFamily? {
        all.first { family in
            family.annotationNames.contains(key) || family.annotationPrefixes.contains { key.hasPrefix($0) }
        }
    }

    static func identified(byController controller: String) -> ControllerFamily? {
        all.first { family in
            family.controllers.contains(controller) || family.controllerPrefixes.contains { controller.hasPrefix($0) }
        }
    }
}

/// Who serves an Ingress, as far as the inputs tell.
enum ServingController: Sendable {
    /// One of these catalogued families: one when an IngressClass names the controller, several
    /// when a legacy class name is claimed by several (`nginx` is the default class name of both
    /// ingress-nginx and NGINX Inc's controller).
    case families([ControllerFamily])
    /// An IngressClass names a controller the catalog does not know.
    case other(controller: String)
    /// No class, or a class without an IngressClass object (or controller) in the inputs.
    case unknown

    init(of ingress: Ingress, in context: RuleContext) {
        guard let assigned = context.routes.assignments[ingress.ref], let name = assigned.name else {
            self = .unknown
            return
        }
        if let ingressClass = context.inventory.ingressClass(named: name) {
            guard let controller = ingressClass.controller?.value, !controller.isEmpty else {
                self = .unknown
                return
            }
            self = ControllerFamily.identified(byController: controller).map { ServingController.families([$0]) } ?? .other(controller: controller)
            return
        }
        let claimants = ControllerFamily.all.filter { $0.legacyClassNames.contains(name) }
        self = assigned.source == .annotation && !claimants.isEmpty ? .families(claimants) : .unknown
    }

    /// False only when the Ingress is known to be served by other catalogued families: the
    /// annotation is inert there, and foreign-annotation reports it instead.
    func mayRead(_ family: ControllerFamily) -> Bool {
        if case .families(let serving) = self { return serving.contains(family) }
        return true
    }

    var families: [ControllerFamily] {
        if case .families(let families) = self { return families }
        return []
    }
}
