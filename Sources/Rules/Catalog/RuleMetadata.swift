/// A rule's documentation as written in `rules/<id>.yaml`.
public struct RuleMetadata: Sendable {
    public struct Example: Sendable {
        public var manifest: String
        /// How many findings of the rule the example must produce (0 for good examples).
        public var findings: Int
        /// `cluster: true`: the manifest stands for a cluster's state (as with `--cluster`).
        public var clusterState = false
        /// `probes:` results of `--probe` that the example is checked with.
        public var probes: [BackendProbe] = []
        /// `expect:` where each finding must be, in report order (line of the manifest, and the
        /// field path when given); fewer entries than findings check only the first ones.
        public var expected: [ExpectedFinding] = []
        /// `controllers: {CLASS: PROFILE}`: the example is judged with this mapping (as with
        /// `--controller`).
        public var controllers: [String: String] = [:]
        /// `policy:` the configuration's policy the example is checked with (policy-* rules).
        public var policy: Policy?
        /// That policy as written, for `rules show`.
        public var policyText: String?
    }

    public struct ExpectedFinding: Sendable, Equatable {
        public var line: Int
        public var field: String?
        /// When given, the finding must have this severity (rules whose severity depends on the
        /// controller).
        public var severity: Severity?
    }

    public var id: String
    public var title: String
    public var category: String
    public var severity: Severity
    public var description: String
    public var fix: String
    public var badExamples: [Example]
    public var goodExamples: [Example]

    /// Where the rule's documentation lives, for SARIF `helpUri` and the README.
    public var documentationPath: String { "rules/\(id).yaml" }

    public static let categories = Set(RuleDeclaration.Category.allCases.map(\.rawValue))
}
