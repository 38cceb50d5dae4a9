/// What a route sends traffic to.
public enum BackendTarget: Hashable, Sendable, CustomStringConvertible {
    public enum Port: Hashable, Sendable, CustomStringConvertible {
        case number(Int)
        case name(String)
        case unspecified

        public var description: String {
            switch self {
            case .number(let number): return String(number)
            case .name(let name): return name
            case .unspecified: return "?"
            }
        }
    }

    case service(namespace: String, name: String, port: Port)
    case resource(namespace: String, apiGroup: String?, kind: String, name: String)
    case invalid

    public init(_ backend: IngressBackend?, namespace: String) {
        if let service = backend?.service {
            self = .service(namespace: namespace, name: service.name.value, port: service.port)
        } else if let resource = backend?.resource {
            self = .resource(namespace: namespace, apiGroup: resource.apiGroup?.value, kind: resource.kind.value, name: resource.name.value)
        } else {
            self = .invalid
        }
    }

    /// `namespace/service:port` as the docs write it.
    public var description: String {
        switch self {
        case .service(let namespace, let name, let port): return "\(namespace)/\(name):\(port)"
        case .resource(let namespace, let group, let kind, let name): return "\(namespace)/\(kind).\(group ?? "")/\(name)"
        case .invalid: return "(no backend)"
        }
    }
}
