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

/// A Secret. Values are kept only for analysis and must never be printed.
public struct Secret: Sendable {
    public static let tlsType = "kubernetes.io/tls"

    public var ref: ObjectRef
    public var source: ObjectSource
    public var metadata: ObjectMeta
    /// `Opaque` when not written.
    public var type: String
    public var typeLocation: SourceLocation?
    /// Keys of `data` and `stringData` with where each key is written.
    public var keys: [String: SourceLocation]
    /// Decoded values by key (`stringData` wins over `data`, as the API server merges them).
    public var values: [String: SecretValue]

    public init(
        ref: ObjectRef, source: ObjectSource, metadata: ObjectMeta, type: String, typeLocation: SourceLocation? = nil,
        keys: [String: SourceLocation], values: [String: SecretValue] = [:]
    ) {
        self.ref = ref
        self.source = source
        self.metadata = metadata
        self.type = type
        self.typeLocation = typeLocation
        self.keys = keys
        self.values = values
    }
}

/// One value of a Secret: its bytes (never printed), or why they could not be decoded.
public struct SecretValue: Sendable {
    public var bytes: [UInt8]?
    /// e.g. `data[tls.crt]`
    public var field: String
    /// Where the key is written (values themselves are never quoted).
    public var location: SourceLocation
    public var decodingError: String?

    public init(bytes: [UInt8]?, field: String, location: SourceLocation, decodingError: String? = nil) {
        self.bytes = bytes
        self.field = field
        self.location = location
        self.decodingError = decodingError
    }
}

/// An IngressClass (networking.k8s.io/v1 or v1beta1).
public struct IngressClass: Sendable {
    public static let defaultAnnotation = "ingressclass.kubernetes.io/is-default-class"

    public var ref: ObjectRef
    public var source: ObjectSource
    public var metadata: ObjectMeta
    public var specLocation: SourceLocation
    public var controller: Located<String>?
    public var parameters: IngressClassParameters?

    public init(
        ref: ObjectRef, source: ObjectSource, metadata: ObjectMeta, specLocation: SourceLocation,
        controller: Located<String>?, parameters: IngressClassParameters?
    ) {
        self.ref = ref
        self.source = source
        self.metadata = metadata
        self.specLocation = specLocation
        self.controller = controller
        self.parameters = parameters
    }

    /// The admission plugin treats a class as default only when the annotation is exactly "true".
    public var isDefault: Bool { metadata.annotations[Self.defaultAnnotation]?.value == "true" }
}

public struct IngressClassParameters: Sendable {
    public var apiGroup: Located<String>?
    public var kind: Located<String>?
    public var name: Located<String>?
    public var scope: Located<String>?
    public var namespace: Located<String>?
    public var field: String
    public var location: SourceLocation

    public init(
        apiGroup: Located<String>?, kind: Located<String>?, name: Located<String>?,
        scope: Located<String>?, namespace: Located<String>?, field: String, location: SourceLocation
    ) {
        self.apiGroup = apiGroup
        self.kind = kind
        self.name = name
        self.scope = scope
        self.namespace = namespace
        self.field = field
        self.location = location
    }
}
