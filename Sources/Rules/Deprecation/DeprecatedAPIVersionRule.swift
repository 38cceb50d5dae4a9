import IngressModel

/// Ingress and IngressClass v1beta1 APIs are not served from Kubernetes 1.22 on.
struct DeprecatedAPIVersionRule: Rule {
    let declaration = RuleDeclaration(id: "deprecated-api-version", category: .deprecation, severity: .error)
    static let removedIn = KubeVersion(major: 1, minor: 22)
    static let removed: [String: Set<String>] = [
        "Ingress": ["extensions/v1beta1", "networking.k8s.io/v1beta1"],
        "IngressClass": ["networking.k8s.io/v1beta1"],
    ]

    func check(_ context: RuleContext) -> [Finding] {
        let target = context.options.kubeVersion
        let removedForTarget = target >= Self.removedIn
        return context.subjectObjects.compactMap { object in
            guard Self.removed[object.ref.kind]?.contains(object.ref.apiVersion) == true else { return nil }
            let message = removedForTarget
                ? "\(object.ref.kind) \(object.ref.apiVersion) is not served by Kubernetes \(target) (removed in 1.22); the API server rejects it"
                : "\(object.ref.kind) \(object.ref.apiVersion) is deprecated and removed in Kubernetes 1.22"
            let hint = object.ref.kind == "Ingress"
                ? "use apiVersion networking.k8s.io/v1 (Kubernetes 1.19+): `backend` becomes `defaultBackend`, serviceName/servicePort become service.name and service.port.number/name, and every path needs a pathType"
                : "use apiVersion networking.k8s.io/v1 (Kubernetes 1.19+)"
            return finding(
                message, at: object.source.apiVersionLocation, object: object.ref, field: "apiVersion",
                severity: removedForTarget ? .error : .warning, hint: hint)
        }
    }
}
