import NIOCore
import NIOHTTP1

/// `/healthz`, `/readyz` and `/metrics` on the plain-HTTP port: GETs answered when the request
/// ends; a body, which none of them takes, is dropped unread.
final class HealthHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let route: @Sendable (_ path: String) -> HTTPAnswer?
    private var head: HTTPRequestHead?

    init(route: @escaping @Sendable (_ path: String) -> HTTPAnswer?) {
        self.route = route
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
        case .body:
            break
        case .end:
            guard let head else { return }
            self.head = nil
            let path = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? head.uri
            let answer: HTTPAnswer
            if let found = route(path) {
                answer = head.method == .GET ? found : WebhookError.methodNotAllowed("GET").response
            } else {
                answer = WebhookError.notFound(path).response
            }
            answer.write(to: context, version: head.version, keepAlive: head.isKeepAlive, wrap: wrapOutboundOut)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}
