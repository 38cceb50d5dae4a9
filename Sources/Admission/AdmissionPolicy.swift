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
    /// `rules:` of the configuration file (`--policy`): rules off or at another severity.
    public var ruleSettings: [String: LintConfiguration.RuleSetting] = [:]
    /// `--disable RULE`.
    public var disabled: Set<String> = []

    /// What no admission can give a rule: probes of backends (no network calls in a request
    /// path) and the input's documents compared with each other (the API server keys objects by
    /// name, so a duplicate cannot be admitted).
    public static let unavailableInputs: RuleInputs = [.probes, .inputDocuments]

    /// Off at admission: the rules that read what no admission has.
    public static var excludedRules: Set<String> {
        Set(BuiltinRules.all.filter { !$0.declaration.inputs.isDisjoint(with: unavailableInputs) }.map(\.id))
    }

    /// The rules that read Secrets, off with `--without-tls-secrets` (they would report every TLS
    /// Secret as missing).
    public static var secretRules: Set<String> {
        Set(BuiltinRules.all.filter { $0.declaration.inputs.contains(.secrets) && !$0.declaration.inputs.contains(.secretsOptional) }.map(\.id))
    }

    /// Severities changed at admission.
    public static let admissionSeverities: [String: Severity] = ["service-no-endpoints": .warning, "service-selector-matches-nothing": .info]

    public init(denyOn: Severity = .error, ingressClass: String? = nil, lintOptions: LintOptions = LintOptions()) {
        self.denyOn = denyOn
        self.ingressClass = ingressClass
        self.lintOptions = lintOptions
    }

    /// The lint configuration the admission rules run with: the file's settings over the
    /// admission's own severities; what no admission can run stays off whatever the file says.
    public var configuration: LintConfiguration {
        var configuration = LintConfiguration()
        for (id, severity) in Self.admissionSeverities { configuration.rules[id] = .on(severity: severity) }
        for (id, setting) in ruleSettings { configuration.rules[id] = setting }
        for id in disabled { configuration.rules[id] = .off }
        for id in Self.excludedRules { configuration.rules[id] = .off }
        if withoutTLSSecrets { for id in Self.secretRules { configuration.rules[id] = .off } }
        return configuration
    }

    /// The settings of a configuration file (`--policy`): its `policy:` and `rules:`.
    public func applying(_ file: LintConfiguration) -> AdmissionPolicy {
        var copy = self
        copy.ruleSettings = file.rules
        copy.lintOptions.policy = file.policy
        // --controller wins over the file's controllers:, as for lint.
        copy.lintOptions.controllers = file.controllers.overlaid(with: lintOptions.controllers)
        return copy
    }

    /// Rules that deny by default (severity error at admission), for the documentation.
    public static var denyingRules: [String] {
        let excluded = excludedRules
        return BuiltinRules.all.filter { rule in
            !excluded.contains(rule.id) && (admissionSeverities[rule.id] ?? rule.declaration.severity) == .error
        }.map(\.id).sorted()
    }
}
