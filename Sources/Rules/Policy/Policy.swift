import IngressModel
import Routing

/// The platform team's own rules for Ingresses (`policy:` in the configuration): which classes,
/// who may use which hosts, HTTPS only, no catch-alls, no dangerous paths or annotation values.
/// Each setting keeps where it was written, so a finding can point at the line of the policy that
/// refused it. Each setting is checked by a rule of its own (`policy-*`).
public struct Policy: Sendable {
    /// A setting and where it is written in the policy file.
    public struct Setting<Value: Sendable>: Sendable {
        public var value: Value
        /// `policy.hosts.requireTLS`
        public var field: String
        public var location: SourceLocation
    }

    /// `hosts.ownership[i]`: hosts matching `hosts` may be used only from the namespaces named
    /// (or globbed) in `namespaces`, or selected by `namespaceSelector`.
    public struct Ownership: Sendable {
        public var hosts: [PolicyGlob]
        public var namespaces: [PolicyGlob]
        public var namespaceSelector: NamespaceSelector?
        public var field: String
        public var location: SourceLocation

        /// "namespaces shop, shop-*" or "namespaces labelled team=shop".
        public var owners: String {
            var parts: [String] = []
            if !namespaces.isEmpty { parts.append("namespace\(namespaces.count == 1 ? "" : "s") \(namespaces.map(\.text).joined(separator: ", "))") }
            if let namespaceSelector { parts.append("namespaces labelled \(namespaceSelector)") }
            return parts.isEmpty ? "no namespace" : parts.joined(separator: " or ")
        }

        /// True when the host falls under this entry: a pattern matches it as written, or the host
        /// is a wildcard (`*.example.com`) covering a host the entry names exactly.
        public func covers(host: String) -> Bool {
            let lowered = host.lowercased()
            if hosts.contains(where: { $0.matches(lowered) }) { return true }
            let pattern = HostPattern(ruleHost: lowered)
            guard case .wildcard = pattern else { return false }
            return hosts.contains { $0.isLiteral && pattern.matches($0.text.lowercased()) }
        }
    }

    /// The file the policy was read from, for related locations.
    public var file: String
    public var allowedIngressClasses: Setting<[PolicyGlob]>?
    public var requireTLS: Setting<Bool>?
    public var forbidWildcardHosts: Setting<Bool>?
    public var forbidEmptyHosts: Setting<Bool>?
    public var maxHostsPerIngress: Setting<Int>?
    public var uniqueHostsAcrossNamespaces: Setting<Bool>?
    public var ownership: [Ownership] = []
    public var forbidDefaultBackend: Setting<Bool>?
    public var deniedPaths: [Setting<PathDenyPattern>] = []
    public var deniedAnnotations: [Setting<PolicyGlob>] = []
    public var allowedAnnotations: Setting<[PolicyGlob]>?
    public var deniedValueWords: Setting<[String]>?
    public var maxRiskLevel: Setting<IngressNginxAnnotation.Risk>?
    public var exemptNamespaces: [PolicyGlob] = []

    public init(file: String) {
        self.file = file
    }

    /// True when Ingresses of the namespace are not judged (`exemptNamespaces`). Their hosts still
    /// count as used, for uniqueness and ownership.
    public func exempts(namespace: String) -> Bool {
        exemptNamespaces.contains { $0.matches(namespace) }
    }

    /// The first ownership entry the host falls under: it alone decides, so specific hosts are
    /// listed before broad patterns.
    public func owner(of host: String) -> Ownership? {
        ownership.first { $0.covers(host: host) }
    }

    /// The entries that must allow a host: the first it falls under; for a wildcard host, also
    /// every entry naming a host it covers, since it serves each of them while their owners have
    /// no Ingress for it.
    public func owners(of host: String) -> [Ownership] {
        guard host.hasPrefix("*.") else { return owner(of: host).map { [$0] } ?? [] }
        var entries = owner(of: host).map { [$0] } ?? []
        let pattern = HostPattern(ruleHost: host)
        for entry in ownership where !entries.contains(where: { $0.field == entry.field }) {
            if entry.hosts.contains(where: { $0.isLiteral && pattern.matches($0.text.lowercased()) }) { entries.append(entry) }
        }
        return entries
    }

    /// True when a flag setting is present and on.
    static func on(_ setting: Setting<Bool>?) -> Bool { setting?.value == true }
}
