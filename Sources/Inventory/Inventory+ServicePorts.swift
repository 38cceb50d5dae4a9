import IngressModel

/// The one resolution of a backend's Service port against the Services of the inventory: routing,
/// rules, verify, the echo fleet and the proxy's backend keys all go through it.
extension Inventory {
    /// The Service and port a Service backend names; nil when the Service is not in the inventory,
    /// a nil port when the Service has no such port.
    public func servicePort(of target: BackendTarget) -> (service: Service, port: ServicePort?)? {
        guard case .service(let namespace, let name, let port) = target, let service = service(namespace: namespace, name: name) else { return nil }
        return (service, service.port(port))
    }

    /// The backend with its port as the Service numbers it (`port.name: http` → 80), so that two
    /// spellings of one port compare equal; unchanged when the Service or the port is unknown.
    public func canonical(_ target: BackendTarget) -> BackendTarget {
        guard case .service(let namespace, let name, .name) = target, let resolved = servicePort(of: target)?.port else { return target }
        return .service(namespace: namespace, name: name, port: .number(resolved.port))
    }

    /// The canonical key of a Service backend's port; nil for resource and missing backends.
    public func portReference(for target: BackendTarget) -> ServicePortReference? {
        ServicePortReference(canonical(target))
    }

    /// Ready addresses behind the Service port a reference names, nil when the inputs list no
    /// endpoints for the Service (or the known Service has no such port).
    public func readyAddresses(of reference: ServicePortReference) -> [EndpointAddress]? {
        guard let portName = endpointPortName(of: reference) else { return nil }
        return readyAddresses(namespace: reference.namespace, service: reference.service, portName: portName)
    }

    /// Ready addresses with the port each serves the Service port on.
    public func readyEndpoints(of reference: ServicePortReference) -> [(address: String, port: Int?)]? {
        guard let portName = endpointPortName(of: reference) else { return nil }
        return readyEndpoints(namespace: reference.namespace, service: reference.service, portName: portName)
    }

    /// EndpointSlices and Endpoints name ports by the Service port's name: that name (nil for an
    /// unnamed port), or nothing at all when the known Service has no such port. With the
    /// Service unknown, endpoints are looked up as unnamed.
    private func endpointPortName(of reference: ServicePortReference) -> String?? {
        guard let service = service(namespace: reference.namespace, name: reference.service) else { return .some(nil) }
        guard let port = service.port(reference.port) else { return nil }
        return .some(port.name)
    }
}
