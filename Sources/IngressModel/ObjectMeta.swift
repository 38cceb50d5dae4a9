/// The metadata fields the analysis reads, each with its location.
public struct ObjectMeta: Sendable {
    public var name: Located<String>?
    public var generateName: Located<String>?
    /// The namespace as written; nil when the manifest names none.
    public var namespace: Located<String>?
    public var annotations: [String: Located<String>]
    public var labels: [String: String]
    /// RFC 3339 text as written, used to order Ingresses by age.
    public var creationTimestamp: String?
    public var location: SourceLocation

    public init(
        name: Located<String>? = nil, generateName: Located<String>? = nil,
        namespace: Located<String>? = nil, annotations: [String: Located<String>] = [:],
        labels: [String: String] = [:], creationTimestamp: String? = nil, location: SourceLocation
    ) {
        self.name = name
        self.generateName = generateName
        self.namespace = namespace
        self.annotations = annotations
        self.labels = labels
        self.creationTimestamp = creationTimestamp
        self.location = location
    }

    public func annotation(_ key: String) -> Located<String>? { annotations[key] }
}

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
