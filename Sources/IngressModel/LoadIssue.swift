/// A problem found while reading a manifest, before any rule runs: the raw material of the
/// `invalid-manifest` and `unknown-field` rules.
public struct LoadIssue: Sendable {
    public enum Kind: String, Sendable {
        /// The API server or kubectl could not even decode it: syntax, types, required identity.
        case invalid
        /// A field that the schema of that apiVersion does not have.
        case unknownField
    }

    public var kind: Kind
    public var message: String
    public var location: SourceLocation
    public var field: String?
    public var object: ObjectRef?
    public var hint: String?

    public init(
        _ kind: Kind, _ message: String, at location: SourceLocation, field: String? = nil,
        object: ObjectRef? = nil, hint: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.location = location
        self.field = field
        self.object = object
        self.hint = hint
    }
}
