/// One object read from the inputs: its identity and, for the kinds the analysis knows, its typed form.
public struct ManifestObject: Sendable {
    /// `Ingress` and `Service` keep their fields in a box of their own; the other kinds are boxed
    /// here, so that the payload is a reference, not the largest kind's fields inline (a Secret's
    /// made every object's storage 1.3 KB).
    public enum Payload: Sendable {
        case ingress(Ingress)
        case service(Service)
        indirect case secret(Secret)
        indirect case ingressClass(IngressClass)
        indirect case endpoints(ServiceEndpoints)
        indirect case pod(Pod)
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
