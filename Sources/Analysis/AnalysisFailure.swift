/// Why an analysis could not be done at all (no input, an unreadable path, a cluster that cannot be
/// read): the faces turn it into one line on stderr and exit status 2.
public struct AnalysisFailure: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
