import IngressModel
import Inventory

/// How many replicas stand behind a backend: the ready endpoints the inputs' EndpointSlices (or
/// Endpoints) give its Service port, else one. The echo fleet starts this many, and `verify`
/// without `--serve` checks `replicas:` against it.
public enum ReplicaCount {
    public static let whenUnknown = 1

    /// Ready endpoints for the Service port, or nil when the inputs say nothing about them.
    public static func listed(_ reference: ServicePortReference, inventory: Inventory) -> Int? {
        inventory.readyAddresses(of: reference)?.count
    }

    /// Ready endpoints the inputs list for a backend, or nil (a resource backend, or nothing listed).
    public static func listedCount(_ backend: BackendTarget, inventory: Inventory) -> Int? {
        ServicePortReference(backend).flatMap { listed($0, inventory: inventory) }
    }

    public static func of(_ backend: BackendTarget, inventory: Inventory) -> Int {
        listedCount(backend, inventory: inventory) ?? whenUnknown
    }
}
