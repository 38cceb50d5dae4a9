import IngressModel
import Inventory
import NIOCore
import Routing

/// Echo backends for every Service port a class's routes use: what `proxy --echo` and
/// `verify --serve` stand up in place of real workloads.
public struct EchoFleet: Sendable {
    public var endpoints: [ServicePortReference: [Endpoint]]
    public var channels: [Channel]

    public init(endpoints: [ServicePortReference: [Endpoint]] = [:], channels: [Channel] = []) {
        self.endpoints = endpoints
        self.channels = channels
    }

    /// Every Service port a route or default backend of the table sends traffic to, sorted.
    public static func referencedPorts(_ table: ClassRouteTable, inventory: Inventory) -> [ServicePortReference] {
        var seen: Set<ServicePortReference> = []
        for target in table.backendTargets {
            if let key = inventory.portReference(for: target) { seen.insert(key) }
        }
        return seen.sorted { $0.description < $1.description }
    }

    /// Starts echo servers for each Service port not already in `skipping`: `replicas` of them when
    /// given, else as many as the port has ready endpoints in the inputs' EndpointSlices or
    /// Endpoints (none when it has none: the proxy then answers 503, as a cluster would), else one.
    public static func start(
        for table: ClassRouteTable, inventory: Inventory, replicas: Int? = nil, skipping: Set<ServicePortReference> = [],
        group: EventLoopGroup
    ) async throws -> EchoFleet {
        var fleet = EchoFleet(endpoints: [:], channels: [])
        for key in referencedPorts(table, inventory: inventory) where !skipping.contains(key) {
            let count = replicas
                ?? ReplicaCount.listed(key, inventory: inventory)
                ?? ReplicaCount.whenUnknown
            for replica in 0..<count {
                let identity = EchoIdentity(namespace: key.namespace, service: key.service, port: key.port.description, replica: replica)
                let (channel, endpoint) = try await EchoBackendServer.start(identity, group: group)
                fleet.channels.append(channel)
                fleet.endpoints[key, default: []].append(endpoint)
            }
        }
        return fleet
    }

    /// The ready endpoints the inputs (a cluster, a snapshot) give each referenced Service port, as
    /// `proxy --cluster` uses them: pod addresses on the endpoint port.
    public static func listedEndpoints(for table: ClassRouteTable, inventory: Inventory, skipping: Set<ServicePortReference> = []) -> [ServicePortReference: [Endpoint]] {
        var result: [ServicePortReference: [Endpoint]] = [:]
        for key in referencedPorts(table, inventory: inventory) where !skipping.contains(key) {
            guard let listed = inventory.readyEndpoints(of: key) else { continue }
            result[key] = listed.compactMap { entry in entry.port.map { Endpoint(host: entry.address, port: $0) } }
        }
        return result
    }

    public func close() async {
        for channel in channels { try? await channel.close() }
    }
}
