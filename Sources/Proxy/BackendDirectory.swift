import Foundation
import IngressModel
import Inventory
import NIOConcurrencyHelpers
import Routing

/// A network address traffic can be sent to.
public struct Endpoint: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `http://host:port`, `host:port`.
    public init?(parsing text: String) {
        var rest = Substring(text)
        if rest.hasPrefix("http://") { rest = rest.dropFirst(7) }
        while rest.hasSuffix("/") { rest = rest.dropLast() }
        guard let colon = rest.lastIndex(of: ":"), let port = Int(rest[rest.index(after: colon)...]), (1...65535).contains(port) else { return nil }
        let host = String(rest[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        guard !host.isEmpty else { return nil }
        self.init(host: host, port: port)
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// A Service port, with the port resolved to a number when the Service in the inputs names it.
public struct ServicePortKey: Sendable, Hashable, CustomStringConvertible {
    public var namespace: String
    public var service: String
    public var port: String

    public init(namespace: String, service: String, port: String) {
        self.namespace = namespace
        self.service = service
        self.port = port
    }

    public var description: String { "\(namespace)/\(service):\(port)" }
}

/// Where each Service port's traffic goes: the endpoints given with `--backend` or started as echo
/// backends. Requests are spread round-robin over a Service port's endpoints.
public final class BackendDirectory: Sendable {
    private let endpoints: [ServicePortKey: [Endpoint]]
    private let counters: NIOLockedValueBox<[ServicePortKey: Int]>
    private let inventory: Inventory

    public init(endpoints: [ServicePortKey: [Endpoint]], inventory: Inventory) {
        self.endpoints = endpoints
        self.inventory = inventory
        self.counters = NIOLockedValueBox([:])
    }

    /// The key a backend target is stored under: named ports become numbers when the Service is known.
    public static func key(for target: BackendTarget, inventory: Inventory) -> ServicePortKey? {
        guard case .service(let namespace, let name, let port) = target else { return nil }
        var portText = port.description
        if case .name(let portName) = port, let service = inventory.service(namespace: namespace, name: name),
            let match = service.ports.first(where: { $0.name == portName }) {
            portText = String(match.port)
        }
        return ServicePortKey(namespace: namespace, service: name, port: portText)
    }

    public func allEndpoints(for target: BackendTarget) -> [Endpoint] {
        guard let key = Self.key(for: target, inventory: inventory) else { return [] }
        return endpoints[key] ?? []
    }

    /// The next endpoint for the target, round-robin; nil when the Service port has none.
    public func next(for target: BackendTarget) -> (Endpoint, replica: Int)? {
        guard let key = Self.key(for: target, inventory: inventory), let list = endpoints[key], !list.isEmpty else { return nil }
        let index = counters.withLockedValue { counters -> Int in
            let current = counters[key, default: 0]
            counters[key] = current &+ 1
            return current % list.count
        }
        return (list[index], index)
    }
}
