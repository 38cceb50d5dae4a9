import IngressModel

/// What a rule reads beyond the Ingresses themselves. The engine prepares only what the enabled
/// rules declare, and the webhook turns rules off by what they read (no Secrets, no probes).
public struct RuleInputs: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// The compiled route table (`RuleContext.routes`).
    public static let routes = RuleInputs(rawValue: 1 << 0)
    /// Secret objects: that they exist, their type and keys.
    public static let secrets = RuleInputs(rawValue: 1 << 1)
    /// The certificates and keys inside TLS Secrets (`RuleContext.tlsReports`); implies `secrets`.
    public static let tlsMaterial = RuleInputs(rawValue: 1 << 2 | 1 << 1)
    /// Verification of each chain against `--ca-bundle`.
    public static let trustBundle = RuleInputs(rawValue: 1 << 3)
    /// Services' endpoints and selected pods (`RuleContext.backendServicePorts`).
    public static let endpoints = RuleInputs(rawValue: 1 << 4)
    /// Results of `--probe` (backends requested through the API server).
    public static let probes = RuleInputs(rawValue: 1 << 5)
    /// The documents of the inputs compared with each other: meaningless for one admitted object.
    public static let inputDocuments = RuleInputs(rawValue: 1 << 6)
    /// The issues found while loading (`RuleContext.loadIssues`).
    public static let loadIssues = RuleInputs(rawValue: 1 << 7)
    /// Not an input: the rule reads Secrets when it can, and its findings still hold when
    /// Secrets cannot be read (the webhook's `--without-tls-secrets` keeps it on).
    public static let secretsOptional = RuleInputs(rawValue: 1 << 8)

    public static let all: RuleInputs = [.routes, .tlsMaterial, .trustBundle, .endpoints, .probes, .inputDocuments, .loadIssues]
}

/// A rule as the engine and the catalog know it: its id (tying it to `rules/<id>.yaml`), its
/// category and default severity (a test keeps both equal to the rule file's), and its inputs.
public struct RuleDeclaration: Sendable, Hashable {
    public enum Category: String, Sendable, CaseIterable {
        case schema, routing, reference, tls, security, deprecation, cluster, policy
    }

    public var id: String
    public var category: Category
    public var severity: Severity
    public var inputs: RuleInputs

    public init(id: String, category: Category, severity: Severity, inputs: RuleInputs = []) {
        self.id = id
        self.category = category
        self.severity = severity
        self.inputs = inputs
    }
}
