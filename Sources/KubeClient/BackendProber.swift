import Foundation
import IngressModel
import NIOCore
import StructuredText

/// `lint --cluster --probe`: `GET /` to each backend Service port through the API server's service
/// proxy, which dials one of its endpoints as a controller would. Only the proxy's own failures
/// count (a Kubernetes Status body with 502/503/504, or no answer): any answer of the workload,
/// even 404 or 500, means the backend is reachable.
public struct BackendProber: Sendable {

    public var api: KubeAPI
    public var timeout: TimeAmount

    public init(api: KubeAPI, timeout: TimeAmount = .seconds(5)) {
        self.api = api
        self.timeout = timeout
    }

    /// The failure for each target; nil when it answered. Probes run concurrently, 16 at a time.
    public func probe(_ targets: [ServicePortReference]) async -> [ServicePortReference: String?] {
        var results: [ServicePortReference: String?] = [:]
        var pending = targets[...]
        await withTaskGroup(of: (ServicePortReference, String?).self) { group in
            func launch() {
                guard let target = pending.popFirst() else { return }
                group.addTask { (target, await probeOne(target)) }
            }
            for _ in 0..<16 { launch() }
            for await (target, failure) in group {
                results[target] = failure
                launch()
            }
        }
        return results
    }

    func probeOne(_ target: ServicePortReference) async -> String? {
        let path = "/api/v1/namespaces/\(target.namespace)/services/\(target.service):\(target.port.text)/proxy/"
        do {
            let (status, body) = try await api.rawGet(path, timeout: timeout)
            let object = JSONDocument.parse(body.readableBytesView)
            if object?["kind"]?.jsonString == "Status", [502, 503, 504].contains(status) || status == 500 {
                return "\(status) from the service proxy: \(object?["message"]?.jsonString ?? "")"
            }
            if status == 403 {
                return "403: the credentials may not `get` services/proxy in namespace \(target.namespace), so the backend cannot be probed"
            }
            return nil
        } catch {
            return "\(error)"
        }
    }
}
