/// A Secret. Values are kept only for analysis and must never be printed.
/// Its fields live in one copy-on-write box, as an `Ingress`'s and a `Service`'s do: every TLS
/// rule walks the Secrets with their reports, and a field-by-field copy was a dozen retains each.
public struct Secret: Sendable {
    public static let tlsType = "kubernetes.io/tls"
    /// The keys of a `kubernetes.io/tls` Secret: the certificate chain and the private key.
    public static let certificateKey = "tls.crt"
    public static let privateKeyKey = "tls.key"

    @usableFromInline
    struct Fields: Sendable {
        @usableFromInline var ref: ObjectRef
        @usableFromInline var source: ObjectSource
        @usableFromInline var metadata: ObjectMeta
        @usableFromInline var type: String
        @usableFromInline var typeLocation: SourceLocation?
        @usableFromInline var keys: [String: SourceLocation]
        @usableFromInline var values: [String: SecretValue]
    }

    @usableFromInline var storage: CopyOnWriteBox<Fields>

    public var ref: ObjectRef {
        @inlinable get { storage.value.ref }
        @inlinable _modify { let box = CopyOnWriteBox.unique(&storage); yield &box.value.ref }
    }
    public var source: ObjectSource {
        @inlinable get { storage.value.source }
        @inlinable _modify { let box = CopyOnWriteBox.unique(&storage); yield &box.value.source }
    }
    public var metadata: ObjectMeta {
        @inlinable get { storage.value.metadata }
        @inlinable _modify { let box = CopyOnWriteBox.unique(&storage); yield &box.value.metadata }
    }
    /// `Opaque` when not written.
    public var type: String {
        @inlinable get { storage.value.type }
        @inlinable _modify { let box = CopyOnWriteBox.unique(&storage); yield &box.value.type }
    }
    public var typeLocation: SourceLocation? {
        @inlinable get { storage.value.typeLocation }
        @inlinable _modify { let box = CopyOnWriteBox.unique(&storage); yield &box.value.typeLocation }
    }
    /// Keys of `data` and `stringData` with where each key is written.
    public var keys: [String: SourceLocation] {
        @inlinable get { storage.value.keys }
        @inlinable _modify { let box = CopyOnWriteBox.unique(&storage); yield &box.value.keys }
    }
    /// Decoded values by key (`stringData` wins over `data`, as the API server merges them).
    public var values: [String: SecretValue] {
        @inlinable get { storage.value.values }
        @inlinable _modify { let box = CopyOnWriteBox.unique(&storage); yield &box.value.values }
    }

    public init(
        ref: ObjectRef, source: ObjectSource, metadata: ObjectMeta, type: String, typeLocation: SourceLocation? = nil,
        keys: [String: SourceLocation], values: [String: SecretValue] = [:]
    ) {
        storage = CopyOnWriteBox(Fields(
            ref: ref, source: source, metadata: metadata, type: type, typeLocation: typeLocation, keys: keys, values: values))
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
