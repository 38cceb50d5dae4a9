import IngressModel

/// `forbidDefaultBackend`: no `spec.defaultBackend` (v1beta1 `spec.backend`). The controller sends
/// every request no rule matches to it: with ingress-nginx, for the hosts of the Ingress, and with
/// others for the whole load balancer.
struct PolicyDefaultBackendRule: Rule {
    let declaration = RuleDeclaration(id: "policy-default-backend", category: .policy, severity: .error)

    func check(_ context: RuleContext) -> [Finding] {
        guard let (policy, ingresses) = context.policyScope(), let setting = policy.forbidDefaultBackend, setting.value else { return [] }
        return ingresses.compactMap { ingress in
            guard let backend = ingress.defaultBackend else { return nil }
            return policyFinding(
                "Ingress \(ingress.ref.qualifiedName) sets a default backend (\(ingress.apiVersion.defaultBackendField)), which the policy forbids",
                at: Located("", field: backend.field, location: backend.location), ingress: ingress, setting: setting.origin,
                hint: "route with rules that name their hosts and paths")
        }
    }
}

/// `paths.deny`: rule paths that start with a denied prefix, or match a `regex:` pattern. The
/// paths of CVE-2021-25745 (`/etc`, `/var/run/secrets`, ...) read the controller's files when its
/// configuration is built from them.
struct PolicyPathRule: Rule {
    let declaration = RuleDeclaration(id: "policy-path", category: .policy, severity: .error)

    func check(_ context: RuleContext) -> [Finding] {
        guard let (policy, ingresses) = context.policyScope(), !policy.deniedPaths.isEmpty else { return [] }
        var findings: [Finding] = []
        for ingress in ingresses {
            for rule in ingress.rules {
                for path in rule.http?.paths ?? [] {
                    guard let value = path.path, let denied = policy.deniedPaths.first(where: { $0.value.matches(value.value) }) else { continue }
                    let how = denied.value.kind == .regex ? "matches the denied pattern \(denied.value.text.dropFirst("regex:".count))" : "starts with the denied prefix \(denied.value.text)"
                    findings.append(policyFinding(
                        "path \(value.value) \(how)", at: value, ingress: ingress, setting: denied.origin,
                        hint: "route a path of the application's own; these paths reach the controller's files (CVE-2021-25745)"))
                }
            }
        }
        return findings
    }
}
