/// A Secret. Values are kept only for analysis and must never be printed.
public struct Secret: Sendable {
    public static let tlsType = "kubernetes.io/tls"
    /// The keys of a `kubernetes.io/tls` Secret: the certificate chain and the private key.
    public static let certificateKey = "tls.crt"
    public static let privateKeyKey = "tls.key"

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
