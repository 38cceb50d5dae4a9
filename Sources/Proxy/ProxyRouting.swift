import IngressModel
import Inventory
import Routing

/// What the proxy routes with; swapped as a whole when the inputs change.
public struct ProxyRouting: Sendable {
    public var table: ClassRouteTable
    public var directory: BackendDirectory
    /// Set when a TLS listener serves the table.
    public var certificates: ProxyCertificates?

    public init(table: ClassRouteTable, directory: BackendDirectory, certificates: ProxyCertificates? = nil) {
        self.table = table
        self.directory = directory
        self.certificates = certificates
    }

    /// The routing of one set of inputs, as `proxy`, its reload and `verify --serve` all build it:
    /// the served class's table, the endpoints behind it, and (for a TLS listener) the
    /// certificates of its TLS Secrets. `problems` are the Secrets that could not be loaded.
    public struct Assembly: Sendable {
        public var routing: ProxyRouting
        public var served: ServedClass
        public var problems: [String]
    }

    public static func assemble(
        inventory: Inventory, ingressClass: String?, controllers: ControllerMapping = ControllerMapping(),
        endpoints: [ServicePortReference: [Endpoint]], withTLS: Bool
    ) throws -> Assembly {
        let served = try ServedClass.select(inventory: inventory, requested: ingressClass, mapping: controllers)
        return try assemble(served: served, inventory: inventory, endpoints: endpoints, withTLS: withTLS)
    }

    public static func assemble(
        served: ServedClass, inventory: Inventory, endpoints: [ServicePortReference: [Endpoint]], withTLS: Bool
    ) throws -> Assembly {
        let certificates = withTLS ? try ProxyCertificates.load(table: served.table, inventory: inventory) : nil
        return Assembly(
            routing: ProxyRouting(table: served.table, directory: BackendDirectory(endpoints: endpoints), certificates: certificates),
            served: served, problems: certificates?.problems ?? [])
    }
}
