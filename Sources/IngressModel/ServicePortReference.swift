/// A Service port as an Ingress backend names it (its number or its name, as text), with the
/// Service's namespace: what the proxy keys its endpoints by and what `lint --probe` asks the API
/// server's service proxy for.
public struct ServicePortReference: Sendable, Hashable, CustomStringConvertible {
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
