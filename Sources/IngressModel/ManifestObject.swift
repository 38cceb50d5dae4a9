/// One object read from the inputs: its identity and, for the kinds the analysis knows, its typed form.
public struct ManifestObject: Sendable {
    /// `Ingress`, `Service` and `Secret` keep their fields in a box of their own; the other kinds
    /// are boxed here, so that the payload is a reference, not the largest kind's fields inline (a
    /// Secret's had made every object's storage 1.3 KB).
    public enum Payload: Sendable {
        case ingress(Ingress)
        case service(Service)
        case secret(Secret)
        indirect case ingressClass(IngressClass)
        indirect case endpoints(ServiceEndpoints)
        indirect case pod(Pod)
        /// A kind the analysis does not read; counted, otherwise ignored.
        indirect case other(UntypedObject)
    }

    /// What the object is: each case carries the object's ref, source and metadata, which are not
    /// stored a second time here (they had been every object's largest part: half a kilobyte
    /// each, 15 MB of a 10,000-Ingress lint).
    public let payload: Payload

    public init(_ payload: Payload) {
        self.payload = payload
    }

    public var ref: ObjectRef {
        switch payload {
        case .ingress(let object): object.ref
        case .service(let object): object.ref
        case .secret(let object): object.ref
        case .ingressClass(let object): object.ref
        case .endpoints(let object): object.ref
        case .pod(let object): object.ref
        case .other(let object): object.ref
        }
    }

    public var source: ObjectSource {
        switch payload {
        case .ingress(let object): object.source
        case .service(let object): object.source
        case .secret(let object): object.source
        case .ingressClass(let object): object.source
        case .endpoints(let object): object.source
        case .pod(let object): object.source
        case .other(let object): object.source
        }
    }

    public var metadata: ObjectMeta {
        switch payload {
        case .ingress(let object): object.metadata
        case .service(let object): object.metadata
        case .secret(let object): object.metadata
        case .ingressClass(let object): object.metadata
        case .endpoints(let object): object.metadata
        case .pod(let object): object.metadata
        case .other(let object): object.metadata
        }
    }
}

/// An object of a kind the analysis does not read: its identity, for counts, references
/// (a Namespace's labels) and duplicate checks.
public struct UntypedObject: Sendable {
    public var ref: ObjectRef
    public var source: ObjectSource
    public var metadata: ObjectMeta

    public init(ref: ObjectRef, source: ObjectSource, metadata: ObjectMeta) {
        self.ref = ref
        self.source = source
        self.metadata = metadata
    }
}
