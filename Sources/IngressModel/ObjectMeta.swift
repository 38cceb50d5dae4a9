/// The metadata fields the analysis reads, each with its location.
public struct ObjectMeta: Sendable {
    public var name: Located<String>?
    public var generateName: Located<String>?
    /// The namespace as written; nil when the manifest names none.
    public var namespace: Located<String>?
    public var annotations: [String: Located<String>]
    public var labels: [String: String]
    /// Labels and annotations as written, in order, with where key and value stand: what the API
    /// server's metadata checks read (the maps above serve lookups).
    public var entries: [MetadataEntry]
    /// RFC 3339 text as written, used to order Ingresses by age.
    public var creationTimestamp: String?
    public var location: SourceLocation

    public init(
        name: Located<String>? = nil, generateName: Located<String>? = nil,
        namespace: Located<String>? = nil, annotations: [String: Located<String>] = [:],
        labels: [String: String] = [:], entries: [MetadataEntry] = [], creationTimestamp: String? = nil, location: SourceLocation
    ) {
        self.name = name
        self.generateName = generateName
        self.namespace = namespace
        self.annotations = annotations
        self.labels = labels
        self.entries = entries
        self.creationTimestamp = creationTimestamp
        self.location = location
    }

    public func annotation(_ key: String) -> Located<String>? { annotations[key] }
}

/// One label or annotation of an object's metadata.
public struct MetadataEntry: Sendable {
    public enum Kind: String, Sendable {
        case label = "labels"
        case annotation = "annotations"
    }

    public var kind: Kind
    /// The key, located at the key.
    public var key: Located<String>
    /// The value, located at the value.
    public var value: Located<String>

    public init(kind: Kind, key: Located<String>, value: Located<String>) {
        self.kind = kind
        self.key = key
        self.value = value
    }
}
