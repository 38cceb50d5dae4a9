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
