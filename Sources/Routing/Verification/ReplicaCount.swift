import IngressModel
import Inventory

/// How many replicas stand behind a backend: the ready endpoints the inputs' EndpointSlices (or
/// Endpoints) give its Service port, else one. The echo fleet starts this many, and `verify`
/// without `--serve` checks `replicas:` against it.
public enum ReplicaCount {
    public static let whenUnknown = 1

    /// Ready endpoints for the Service port, or nil when the inputs say nothing about them.
    public static func listed(namespace: String, service: String, port: String, inventory: Inventory) -> Int? {
        var portName: String?
        if let known = inventory.service(namespace: namespace, name: service) {
            let match = known.ports.first { String($0.port) == port || $0.name == port }
            guard let match else { return nil }
            portName = match.name
        }
        return inventory.readyAddresses(namespace: namespace, service: service, portName: portName)?.count
    }

    /// Ready endpoints the inputs list for a backend, or nil (a resource backend, or nothing listed).
    public static func listedCount(_ backend: BackendTarget, inventory: Inventory) -> Int? {
        guard case .service(let namespace, let name, let port) = backend else { return nil }
        let portText: String
        switch port {
        case .number(let number): portText = String(number)
        case .name(let name): portText = name
        case .unspecified: portText = ""
        }
        return listed(namespace: namespace, service: name, port: portText, inventory: inventory)
    }

    public static func of(_ backend: BackendTarget, inventory: Inventory) -> Int {
        listedCount(backend, inventory: inventory) ?? whenUnknown
    }
}
