import NIOCore
import NIOEmbedded
import NIOHTTP1
@testable import Proxy

/// Requests and exchanges for driving the proxy's state machines and handlers by hand.
enum Fixtures {
    static func request(keepAlive: Bool = true, receivedEnd: Bool = true) -> ForwardedRequest {
        let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: "/a")
        let request = ForwardedRequest(head: head, endpoint: Endpoint(host: "127.0.0.1", port: 9), clientKeepAlive: keepAlive)
        request.receivedEnd = receivedEnd
        return request
    }

    /// What an exchange's callbacks were called with, in order.
    final class Calls {
        var events: [String] = []
    }

    static func exchange(_ request: ForwardedRequest, downstream: Channel, calls: Calls, retry: (() -> Void)? = nil) -> UpstreamExchange {
        UpstreamExchange(
            request: request, downstream: downstream,
            onFailure: { status, message in calls.events.append("failure \(status.code) \(message)") },
            onResponse: { status in calls.events.append("response \(status.code)") },
            onFinished: { calls.events.append("finished") },
            onWritable: { calls.events.append("writable") },
            retry: retry.map { action in { calls.events.append("retry"); action() } })
    }
}
