import Foundation
import Inventory
import NIOCore
import Routing

/// `verify --serve`: every expectation as a real request through the running proxy; the echo
/// backend that answers says which Service port got it.
public struct LiveVerification: Sendable {
    public var proxy: Endpoint
    public var inventory: Inventory

    public init(proxy: Endpoint, inventory: Inventory) {
        self.proxy = proxy
        self.inventory = inventory
    }

    public func check(_ expectation: Expectation, group: EventLoopGroup) async -> ExpectationResult {
        func result(_ holds: Bool, _ actual: String, _ failure: String? = nil) -> ExpectationResult {
            ExpectationResult(expectation: expectation, holds: holds, actual: actual, failure: failure)
        }
        guard expectation.url.scheme == "http" else {
            return result(false, "not sent", "https needs the proxy's TLS listener, which --serve does not start yet")
        }
        let response: ProbeClient.Response
        do {
            response = try await ProbeClient.send(
                to: proxy, method: expectation.method, hostHeader: expectation.url.authority,
                target: expectation.url.target, headers: expectation.headers, group: group)
        } catch {
            return result(false, "no response", "\(error)")
        }
        let reply = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
        let answered = reply.map { "\($0["namespace"] as? String ?? "")/\($0["service"] as? String ?? ""):\($0["port"] as? String ?? "") replica \($0["replica"] as? Int ?? 0)" }
        let actual = "\(response.status)" + (answered.map { " from \($0)" } ?? "")
        var failures: [String] = []
        if let status = expectation.status, status != response.status {
            failures.append("expected status \(status), got \(response.status)")
        }
        if let expected = expectation.backend {
            if let reply, response.status == 200 {
                let namespace = reply["namespace"] as? String ?? ""
                let service = reply["service"] as? String ?? ""
                let port = reply["port"] as? String ?? ""
                let target = BackendTarget.service(namespace: expected.namespace, name: expected.service, port: expected.port)
                let wanted = ProxyPortKey.canonical(target, inventory: inventory)
                if namespace != expected.namespace || service != expected.service || port != wanted {
                    failures.append("expected \(expected), answered by \(namespace)/\(service):\(port)")
                }
            } else {
                failures.append("expected \(expected), got status \(response.status) without an echo reply")
            }
        }
        return result(failures.isEmpty, actual, failures.isEmpty ? nil : failures.joined(separator: "; "))
    }
}

enum ProxyPortKey {
    static func canonical(_ target: BackendTarget, inventory: Inventory) -> String {
        BackendDirectory.key(for: target, inventory: inventory)?.port ?? ""
    }
}
