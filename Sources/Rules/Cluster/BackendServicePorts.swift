import IngressModel
import Inventory

/// Each Ingress backend whose Service and Service port are in the inventory: what the endpoint
/// rules look behind. Backends with a missing Service or port are other rules' findings.
struct BackendServicePort {
    var ingress: Ingress
    var reference: ServiceBackend
    var service: Service
    var port: ServicePort

    /// Where findings point: the backend's port, else its service name.
    var location: SourceLocation { reference.portNumber?.location ?? reference.portName?.location ?? reference.name.location }
    var field: String { reference.portNumber?.field ?? reference.portName?.field ?? reference.name.field }
    var description: String { "Service \(service.ref.qualifiedName) port \(port.name ?? String(port.port))" }

    static func all(of ingresses: [Ingress], in inventory: Inventory) -> [BackendServicePort] {
        var result: [BackendServicePort] = []
        for ingress in ingresses {
            for backend in ingress.backends {
                guard let reference = backend.service, !reference.name.value.isEmpty,
                    let (service, port) = inventory.servicePort(of: BackendTarget(backend, namespace: ingress.ref.namespace)),
                    let port
                else { continue }
                result.append(BackendServicePort(ingress: ingress, reference: reference, service: service, port: port))
            }
        }
        return result
    }

    /// The Service's EndpointSlices or Endpoints, as a related location.
    func related(_ inventory: Inventory) -> [RelatedLocation] {
        var related = [RelatedLocation(message: "Service \(service.ref.qualifiedName) is defined here", location: service.source.location, object: service.ref)]
        for object in inventory.endpoints(namespace: service.ref.namespace, service: service.ref.name) {
            related.append(RelatedLocation(message: "\(object.origin.rawValue) \(object.ref.qualifiedName)", location: object.source.location, object: object.ref))
        }
        return related
    }
}
