import Foundation
import IngressModel
import Inventory
import Routing
import Atomics

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

    public var description: String { host.utf8.contains(UInt8(ascii: ":")) ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// Where each Service port's traffic goes: the endpoints given with `--backend` or started as echo
/// backends. Requests are spread round-robin over a Service port's endpoints.
public final class BackendDirectory: Sendable {
    /// Keyed as the route table keys its backends (`Inventory.portReference(for:)`), so a request
    /// costs one dictionary lookup and no inventory lookup.
    private let endpoints: [ServicePortReference: [Endpoint]]
    /// One lock-free counter per Service port: a lock here was taken on every request.
    private let counters: [ServicePortReference: RoundRobinCounter]

    public init(endpoints: [ServicePortReference: [Endpoint]]) {
        self.endpoints = endpoints
        self.counters = endpoints.mapValues { _ in RoundRobinCounter() }
    }

    public func allEndpoints(for key: ServicePortReference) -> [Endpoint] { endpoints[key] ?? [] }

    public func hasEndpoints(_ key: ServicePortReference) -> Bool { endpoints[key].map { !$0.isEmpty } ?? false }

    /// The next endpoint for the Service port, round-robin; nil when it has none.
    public func next(for key: ServicePortReference) -> (Endpoint, replica: Int)? {
        guard let list = endpoints[key], !list.isEmpty, let counter = counters[key] else { return nil }
        let index = counter.next(modulo: list.count)
        return (list[index], index)
    }
}

final class RoundRobinCounter: Sendable {
    private let value = ManagedAtomic<UInt>(0)

    func next(modulo count: Int) -> Int {
        Int(value.loadThenWrappingIncrement(ordering: .relaxed) % UInt(count))
    }
}
