/// Caps that keep hostile input cheap: every input is untrusted.
public struct InputLimits: Sendable {
    /// Files (and stdin) larger than this are refused with a finding.
    public var maxFileBytes: Int
    /// Nodes that alias references may add to a document ("billion laughs" stops here).
    public var maxAliasExpansion: Int

    public static let defaultMaxFileBytes = 32 * 1024 * 1024

    public init(maxFileBytes: Int = InputLimits.defaultMaxFileBytes, maxAliasExpansion: Int = 100_000) {
        self.maxFileBytes = maxFileBytes
        self.maxAliasExpansion = maxAliasExpansion
    }
}
