/// A Service, reduced to what routing and reference checks need.
public struct Service: Sendable {
    public var ref: ObjectRef
    public var source: ObjectSource
    public var metadata: ObjectMeta
    /// `ClusterIP` when not written.
    public var type: String
    public var ports: [ServicePort]
    /// nil when the Service has none: its endpoints are managed by hand (or it is ExternalName).
    public var selector: [String: String]?
    public var externalName: String?

    public init(
        ref: ObjectRef, source: ObjectSource, metadata: ObjectMeta, type: String, ports: [ServicePort],
        selector: [String: String]? = nil, externalName: String? = nil
    ) {
        self.ref = ref
        self.source = source
        self.metadata = metadata
        self.type = type
        self.ports = ports
        self.selector = selector
        self.externalName = externalName
    }
}

public struct ServicePort: Sendable {
    public var name: String?
    public var port: Int
    public var targetPort: TargetPort?
    public var location: SourceLocation

    public init(name: String?, port: Int, targetPort: TargetPort?, location: SourceLocation) {
        self.name = name
        self.port = port
        self.targetPort = targetPort
        self.location = location
    }
}

public enum TargetPort: Sendable, Equatable {
    case number(Int)
    case name(String)
}
