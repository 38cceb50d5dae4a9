import IngressModel
import Inventory
import Routing

extension RuleContext {
    /// The policy and the Ingresses it judges (those outside `exemptNamespaces`), or nil when no
    /// policy is given.
    func policyScope() -> (policy: Policy, ingresses: [Ingress])? {
        guard let policy = options.policy else { return nil }
        return (policy, inventory.ingresses.filter { isJudgedByPolicy($0, policy) })
    }

    /// Outside the exempt namespaces, and the admitted object when there is one.
    func isJudgedByPolicy(_ ingress: Ingress, _ policy: Policy) -> Bool {
        if let focus = options.focus, !focus.isSameObject(as: ingress.ref) {
            return false
        }
        return !policy.exempts(namespace: ingress.ref.namespace)
    }

    /// A namespace's labels: its Namespace object's (from the files or the cluster), with the
    /// `kubernetes.io/metadata.name` label the API server puts on every namespace. Nil when no
    /// Namespace object of that name is known.
    func namespaceLabels(_ namespace: String) -> [String: String]? {
        let ref = ObjectRef(apiVersion: "v1", kind: "Namespace", namespace: "", name: namespace)
        guard let object = inventory.object(ref) else { return nil }
        var labels = object.metadata.labels
        labels["kubernetes.io/metadata.name"] = namespace
        return labels
    }
}

extension Rule {
    /// A policy finding: on the Ingress's field, with the line of the policy that refused it.
    func policyFinding<Value>(
        _ message: String, at value: Located<Value>, ingress: Ingress, setting: (field: String, location: SourceLocation),
        related: [RelatedLocation] = [], hint: String? = nil
    ) -> Finding {
        finding(
            message, at: value.location, object: ingress.ref, field: value.field,
            related: related + [RelatedLocation(message: "the policy setting \(setting.field)", location: setting.location)], hint: hint)
    }
}

extension Policy.Setting {
    var origin: (field: String, location: SourceLocation) { (field, location) }
}

extension Policy.Ownership {
    var origin: (field: String, location: SourceLocation) { (field, location) }
}

extension Ingress {
    /// The object's first line, as a located value, for findings about the Ingress as a whole.
    var wholeObject: Located<String> { Located(ref.name, field: "metadata.name", location: metadata.name?.location ?? source.location) }

    /// Each rule host as written, with its location (rules without a host are left out).
    var locatedRuleHosts: [Located<String>] { rules.compactMap { rule in rule.host.flatMap { $0.value.isEmpty ? nil : $0 } } }

    /// Each `tls[].hosts` entry as written.
    var locatedTLSHosts: [Located<String>] { tls.flatMap(\.hosts) }
}
