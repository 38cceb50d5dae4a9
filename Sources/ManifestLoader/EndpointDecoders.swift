import IngressModel
import StructuredText

/// EndpointSlices, Endpoints and Pods, reduced to what endpoint checks and the proxy's replica
/// counts read.
struct EndpointSliceDecoder {
    var context: DecodingContext

    func decode(_ root: YAMLNode, ref: ObjectRef, source: ObjectSource, metadata: ObjectMeta) -> ServiceEndpoints {
        let ports = (root["ports"]?.items ?? []).map { node in
            EndpointPort(name: node["name"]?.text ?? "", port: node["port"]?.intValue)
        }
        var addresses: [EndpointAddress] = []
        for endpoint in root["endpoints"]?.items ?? [] {
            // The API documents an absent `ready` as ready.
            let readyNode = endpoint["conditions"]?["ready"]
            let ready = readyNode.map { $0.isNull || $0.text?.lowercased() != "false" } ?? true
            let pod = endpoint["targetRef"].flatMap { target in
                target["kind"]?.text == "Pod" ? target["name"]?.text : nil
            }
            for address in endpoint["addresses"]?.items ?? [] {
                guard let text = address.text else { continue }
                addresses.append(EndpointAddress(address: text, ready: ready, pod: pod))
            }
        }
        return ServiceEndpoints(
            ref: ref, source: source, metadata: metadata, origin: .endpointSlice,
            serviceName: metadata.labels[ServiceEndpoints.serviceNameLabel], groups: [EndpointGroup(ports: ports, addresses: addresses)])
    }
}

struct EndpointsDecoder {
    var context: DecodingContext

    func decode(_ root: YAMLNode, ref: ObjectRef, source: ObjectSource, metadata: ObjectMeta) -> ServiceEndpoints {
        var groups: [EndpointGroup] = []
        for subset in root["subsets"]?.items ?? [] {
            let ports = (subset["ports"]?.items ?? []).map { node in
                EndpointPort(name: node["name"]?.text ?? "", port: node["port"]?.intValue)
            }
            var addresses: [EndpointAddress] = []
            for (list, ready) in [("addresses", true), ("notReadyAddresses", false)] {
                for address in subset[list]?.items ?? [] {
                    guard let ip = address["ip"]?.text else { continue }
                    let pod = address["targetRef"].flatMap { target in
                        target["kind"]?.text == "Pod" ? target["name"]?.text : nil
                    }
                    addresses.append(EndpointAddress(address: ip, ready: ready, pod: pod))
                }
            }
            groups.append(EndpointGroup(ports: ports, addresses: addresses))
        }
        return ServiceEndpoints(ref: ref, source: source, metadata: metadata, origin: .endpoints, serviceName: ref.name, groups: groups)
    }
}

struct PodDecoder {
    var context: DecodingContext

    func decode(_ root: YAMLNode, ref: ObjectRef, source: ObjectSource, metadata: ObjectMeta) -> Pod {
        var ports: [ContainerPort] = []
        for container in root["spec"]?["containers"]?.items ?? [] {
            let name = container["name"]?.text ?? ""
            for port in container["ports"]?.items ?? [] {
                guard let number = port["containerPort"]?.intValue else { continue }
                ports.append(ContainerPort(name: port["name"]?.text, containerPort: number, container: name))
            }
        }
        var ready: Bool?
        if let status = root["status"], !status.isNull {
            ready = (status["conditions"]?.items ?? []).contains { condition in
                condition["type"]?.text == "Ready" && condition["status"]?.text == "True"
            }
        }
        return Pod(ref: ref, source: source, metadata: metadata, containerPorts: ports, ready: ready)
    }
}
