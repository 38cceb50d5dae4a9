/// Where a Service sends traffic, as an EndpointSlice (discovery.k8s.io/v1) or the older Endpoints
/// object says, in one shape: groups of addresses that share a port list (a slice is one group, an
/// Endpoints object has one per subset).
public struct ServiceEndpoints: Sendable {
    public enum Origin: String, Sendable {
        case endpointSlice = "EndpointSlice"
        case endpoints = "Endpoints"
    }

    public var ref: ObjectRef
    public var source: ObjectSource
    public var metadata: ObjectMeta
    public var origin: Origin
    /// The Service these belong to: a slice's `kubernetes.io/service-name` label, an Endpoints
    /// object's own name.
    public var serviceName: String?
    public var groups: [EndpointGroup]

    public init(ref: ObjectRef, source: ObjectSource, metadata: ObjectMeta, origin: Origin, serviceName: String?, groups: [EndpointGroup]) {
        self.ref = ref
        self.source = source
        self.metadata = metadata
        self.origin = origin
        self.serviceName = serviceName
        self.groups = groups
    }

    public static let serviceNameLabel = "kubernetes.io/service-name"
}

public struct EndpointGroup: Sendable {
    public var ports: [EndpointPort]
    public var addresses: [EndpointAddress]

    public init(ports: [EndpointPort], addresses: [EndpointAddress]) {
        self.ports = ports
        self.addresses = addresses
    }
}

public struct EndpointPort: Sendable {
    /// Equal to the name of the Service port it serves (both empty for a single unnamed port).
    public var name: String
    public var port: Int?

    public init(name: String, port: Int?) {
        self.name = name
        self.port = port
    }
}

public struct EndpointAddress: Sendable {
    public var address: String
    /// A slice's `conditions.ready` (absent means ready), or the Endpoints list it is in.
    public var ready: Bool
    /// The Pod behind it, when `targetRef` names one.
    public var pod: String?

    public init(address: String, ready: Bool, pod: String?) {
        self.address = address
        self.ready = ready
        self.pod = pod
    }
}
