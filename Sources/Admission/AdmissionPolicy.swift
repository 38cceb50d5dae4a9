import Rules

/// What runs at admission and what denies. Rules about the cluster's moving parts are softened: a
/// Service's pods often start after its Ingress is created, so `service-no-endpoints` warns; rules
/// that cannot apply to one admitted object are off.
public struct AdmissionPolicy: Sendable {
    /// Findings at or above this severity deny (`--deny-on`).
    public var denyOn: Severity
    /// Only Ingresses of this class are checked (`--ingress-class`); others are allowed untouched.
    public var ingressClass: String?
    public var lintOptions: LintOptions
    /// The webhook may not read Secrets (`--without-tls-secrets`): the rules that need their
    /// contents are off, rather than reporting every TLS Secret as missing.
    public var withoutTLSSecrets = false
    /// Before the cluster is read (`--unsynced-policy`): allow with a warning, or deny.
    public var unsyncedAllows = true

    public static let secretRules: Set<String> = [
        "tls-secret-not-found", "tls-secret-wrong-type", "tls-secret-missing-key", "tls-cert-invalid", "tls-cert-expired",
        "tls-cert-expiring", "tls-cert-not-yet-valid", "tls-chain-invalid", "tls-key-invalid", "tls-key-mismatch", "tls-weak-key",
        "tls-weak-signature", "tls-host-not-covered",
    ]

    /// Off at admission: a duplicate cannot be admitted (the API server keys objects by name), and
    /// probing backends has no place in a request path.
    public static let excludedRules: Set<String> = ["duplicate-object", "backend-unreachable"]
    /// Severities changed at admission.
    public static let admissionSeverities: [String: Severity] = ["service-no-endpoints": .warning, "service-selector-matches-nothing": .info]

    public init(denyOn: Severity = .error, ingressClass: String? = nil, lintOptions: LintOptions = LintOptions()) {
        self.denyOn = denyOn
        self.ingressClass = ingressClass
        self.lintOptions = lintOptions
    }

    /// The lint configuration the admission rules run with.
    public var configuration: LintConfiguration {
        var configuration = LintConfiguration()
        for id in Self.excludedRules { configuration.rules[id] = .off }
        for (id, severity) in Self.admissionSeverities { configuration.rules[id] = .on(severity: severity) }
        if withoutTLSSecrets { for id in Self.secretRules { configuration.rules[id] = .off } }
        return configuration
    }

    /// Rules that deny by default (severity error at admission), for the documentation.
    public static var denyingRules: [String] {
        BuiltinRules.all.map(\.id).filter { id in
            !excludedRules.contains(id) && (admissionSeverities[id] ?? RuleCatalog.shared.defaultSeverity(of: id)) == .error
        }.sorted()
    }
}
