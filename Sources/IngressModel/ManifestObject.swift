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

    public var ref: ObjectRef
    public var source: ObjectSource
    public var metadata: ObjectMeta
    public var payload: Payload

    public init(ref: ObjectRef, source: ObjectSource, metadata: ObjectMeta, payload: Payload) {
        self.ref = ref
        self.source = source
        self.metadata = metadata
        self.payload = payload
    }
}
