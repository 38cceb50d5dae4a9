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
