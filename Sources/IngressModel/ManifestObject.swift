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
    struct Fields: Sendable {
        @usableFromInline var ref: ObjectRef
        @usableFromInline var source: ObjectSource
        @usableFromInline var metadata: ObjectMeta
        @usableFromInline var payload: Payload
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
    public var payload: Payload {
        @inlinable get { storage.value.payload }
        @inlinable _modify { let box = CopyOnWriteBox.unique(&storage); yield &box.value.payload }
    }

    public init(ref: ObjectRef, source: ObjectSource, metadata: ObjectMeta, payload: Payload) {
        storage = CopyOnWriteBox(Fields(ref: ref, source: source, metadata: metadata, payload: payload))
    }
}
