/// One object read from the inputs: its identity and, for the kinds the analysis knows, its typed form.
public struct ManifestObject: Sendable {
    public enum Payload: Sendable {
        case ingress(Ingress)
        case service(Service)
        case secret(Secret)
        case ingressClass(IngressClass)
        case endpoints(ServiceEndpoints)
        case pod(Pod)
        /// A kind the analysis does not read; counted, otherwise ignored.
        case other
    }

    /// Shared and copy-on-write, as in `Ingress`: objects are copied into every index and inventory.
    @usableFromInline
    final class Storage: @unchecked Sendable {
        // Mutated only through `unique()`, when this box has a single owner.
        @usableFromInline var ref: ObjectRef
        @usableFromInline var source: ObjectSource
        @usableFromInline var metadata: ObjectMeta
        @usableFromInline var payload: Payload

        @usableFromInline
        init(ref: ObjectRef, source: ObjectSource, metadata: ObjectMeta, payload: Payload) {
            self.ref = ref
            self.source = source
            self.metadata = metadata
            self.payload = payload
        }
    }

    @usableFromInline var storage: Storage

    @inlinable
    mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) {
            storage = Storage(ref: storage.ref, source: storage.source, metadata: storage.metadata, payload: storage.payload)
        }
        return storage
    }

    public var ref: ObjectRef {
        @inlinable get { storage.ref }
        @inlinable _modify { let box = unique(); yield &box.ref }
    }
    public var source: ObjectSource {
        @inlinable get { storage.source }
        @inlinable _modify { let box = unique(); yield &box.source }
    }
    public var metadata: ObjectMeta {
        @inlinable get { storage.metadata }
        @inlinable _modify { let box = unique(); yield &box.metadata }
    }
    public var payload: Payload {
        @inlinable get { storage.payload }
        @inlinable _modify { let box = unique(); yield &box.payload }
    }

    public init(ref: ObjectRef, source: ObjectSource, metadata: ObjectMeta, payload: Payload) {
        storage = Storage(ref: ref, source: source, metadata: metadata, payload: payload)
    }
}
