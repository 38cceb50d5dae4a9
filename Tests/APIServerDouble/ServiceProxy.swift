import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `/api/v1/namespaces/NS/services/NAME:PORT/proxy/PATH`: like the real API server, dial the first
/// ready endpoint of the Service port and relay the answer; a Kubernetes Status with 503 when there
/// is no endpoint or the dial fails.
enum ServiceProxy {
    struct Failure: Error {
        var message: String
    }

    static func endpoint(store: ObjectStore, namespace: String, service name: String, port: String) -> Result<(String, Int), Failure> {
        guard let serviceType = ResourceCatalog.find(group: "", version: "v1", plural: "services"),
            let sliceType = ResourceCatalog.find(group: "discovery.k8s.io", version: "v1", plural: "endpointslices"),
            let service = store.get(serviceType, namespace: namespace, name: name),
            let object = (try? JSONSerialization.jsonObject(with: service.json)) as? [String: Any]
        else { return .failure(Failure(message: "services \"\(name)\" not found")) }
        let ports = (object["spec"] as? [String: Any])?["ports"] as? [[String: Any]] ?? []
        guard let servicePort = ports.first(where: { ($0["port"] as? Int).map(String.init) == port || $0["name"] as? String == port }) else {
            return .failure(Failure(message: "no service port \"\(port)\" found for service \"\(name)\""))
        }
        let portName = servicePort["name"] as? String ?? ""
        let slices = store.list(sliceType, namespace: namespace, labels: Selector("kubernetes.io/service-name=\(name)"), fields: nil).items
        for slice in slices {
            guard let sliceObject = (try? JSONSerialization.jsonObject(with: slice.json)) as? [String: Any],
                let number = (sliceObject["ports"] as? [[String: Any]] ?? []).first(where: { ($0["name"] as? String ?? "") == portName })?["port"] as? Int
            else { continue }
            for endpoint in sliceObject["endpoints"] as? [[String: Any]] ?? [] {
                let ready = ((endpoint["conditions"] as? [String: Any])?["ready"] as? Bool) ?? true
                if ready, let address = (endpoint["addresses"] as? [String])?.first { return .success((address, number)) }
            }
        }
        return .failure(Failure(message: "no endpoints available for service \"\(name)\""))
    }

    /// The workload's status and body, or the proxy's own failure message.
    static func fetch(host: String, port: Int, path: String) async -> Result<(Int, Data), Failure> {
        guard let url = URL(string: "http://\(host):\(port)/\(path)") else { return .failure(Failure(message: "bad address \(host):\(port)")) }
        var request = URLRequest(url: url)
        request.timeoutInterval = 3
        do {
            let (data, response) = try await URLSession.shared.data(for: request)
            return .success(((response as? HTTPURLResponse)?.statusCode ?? 502, data))
        } catch {
            return .failure(Failure(message: "error trying to reach service: dial tcp \(host):\(port): connect: connection refused"))
        }
    }
}
