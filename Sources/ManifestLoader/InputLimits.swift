/// Caps that keep hostile input cheap: every input is untrusted.
public struct InputLimits: Sendable {
    /// Files (and stdin) larger than this are refused with a finding.
    public var maxFileBytes: Int
    /// Nodes that alias references may add to one file ("billion laughs" stops here); at most 64
    /// times the file's size in bytes.
    public var maxAliasExpansion: Int

    /// Nodes that alias references may add in all the files of one run together.
    public var maxAliasExpansionPerRun: Int

    /// How long a named pipe (FIFO) on the command line may stay without a writer.
    public var pipeWriterWaitMilliseconds = 10_000

    public static let defaultMaxFileBytes = 32 * 1024 * 1024

    public init(maxFileBytes: Int = InputLimits.defaultMaxFileBytes, maxAliasExpansion: Int = 100_000, maxAliasExpansionPerRun: Int = 1_000_000) {
        self.maxFileBytes = maxFileBytes
        self.maxAliasExpansion = maxAliasExpansion
        self.maxAliasExpansionPerRun = maxAliasExpansionPerRun
    }
}
