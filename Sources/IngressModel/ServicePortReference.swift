/// A Service port as an Ingress backend names it, with the Service's namespace: what the proxy
/// and the echo fleet key endpoints by, and what `lint --probe` asks the API server's service
/// proxy for. Made canonical by `Inventory.portReference(for:)`: a named port becomes its number
/// when the Service is known, so two spellings of one port are one key.
public struct ServicePortReference: Sendable, Hashable, CustomStringConvertible {
    public var namespace: String
    public var service: String
    public var port: BackendTarget.Port

    public init(namespace: String, service: String, port: BackendTarget.Port) {
        self.namespace = namespace
        self.service = service
        self.port = port
    }

    /// The Service port of a Service backend; nil for a resource or missing backend.
    public init?(_ target: BackendTarget) {
        guard case .service(let namespace, let name, let port) = target else { return nil }
        self.init(namespace: namespace, service: name, port: port)
    }

    public var target: BackendTarget { .service(namespace: namespace, name: service, port: port) }

    public var description: String { "\(namespace)/\(service):\(port)" }
}

extension BackendTarget.Port {
    /// A port as flags and expectation files write it: digits are a number, other text a name.
    public init(text: String) {
        if text.isEmpty {
            self = .unspecified
        } else if text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), let number = Int(text), number > 0 {
            self = .number(number)
        } else {
            self = .name(text)
        }
    }
}

extension BackendTarget.Port {
    /// The port as text, "" when unspecified (`description` shows "?"): for URLs and round trips.
    public var text: String {
        switch self {
        case .number(let number): return String(number)
        case .name(let name): return name
        case .unspecified: return ""
        }
    }
}

extension ServicePort {
    /// Whether a backend naming `port` means this Service port: by its number, or by its name.
    public func isNamed(by port: BackendTarget.Port) -> Bool {
        switch port {
        case .number(let number): return self.port == number
        case .name(let name): return self.name == name
        case .unspecified: return false
        }
    }
}

extension Service {
    /// The port a backend names (number or name), nil when the Service has no such port.
    public func port(_ port: BackendTarget.Port) -> ServicePort? { ports.first { $0.isNamed(by: port) } }
}

extension ServiceBackend {
    /// The port as the backend names it.
    public var port: BackendTarget.Port {
        if let number = portNumber?.value, number != 0 { return .number(number) }
        if let name = portName?.value, !name.isEmpty { return .name(name) }
        return .unspecified
    }
}

/// A Secret an Ingress names for TLS: its namespace and name.
public struct SecretReference: Sendable, Hashable, CustomStringConvertible {
    public var namespace: String
    public var name: String

    public init(namespace: String, name: String) {
        self.namespace = namespace
        self.name = name
    }

    public var description: String { "\(namespace)/\(name)" }
}
