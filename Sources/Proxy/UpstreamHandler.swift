import NIOCore
import NIOHTTP1

/// Relays one backend response to the client's channel as it arrives (head, body parts, end),
/// and answers 502 or 504 itself when the backend fails before a response head.
final class UpstreamHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    private let downstream: Channel
    private let keepAliveDownstream: Bool
    private let timeout: TimeAmount
    private let onFailure: @Sendable (HTTPResponseStatus, String) -> Void
    private var sentHead = false
    private var finished = false
    private var timer: Scheduled<Void>?

    init(downstream: Channel, keepAliveDownstream: Bool, timeout: TimeAmount, onFailure: @escaping @Sendable (HTTPResponseStatus, String) -> Void) {
        self.downstream = downstream
        self.keepAliveDownstream = keepAliveDownstream
        self.timeout = timeout
        self.onFailure = onFailure
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let channel = context.channel
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            guard !sentHead, !finished else { return }
            finished = true
            onFailure(.gatewayTimeout, "the backend did not answer within \(timeout.nanoseconds / 1_000_000_000) s")
            channel.close(promise: nil)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !finished else { return }
        switch unwrapInboundIn(data) {
        case .head(var head):
            sentHead = true
            timer?.cancel()
            head.headers.replaceOrAdd(name: "Server", value: ProxyServer.serverName)
            head.headers.remove(name: "Connection")
            head.headers.remove(name: "Keep-Alive")
            if !keepAliveDownstream { head.headers.add(name: "Connection", value: "close") }
            head.version = .http1_1
            downstream.write(HTTPServerResponsePart.head(head), promise: nil)
        case .body(let buffer):
            downstream.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(buffer)), promise: nil)
        case .end(let trailers):
            finished = true
            let client = downstream
            let close = !keepAliveDownstream
            downstream.writeAndFlush(HTTPServerResponsePart.end(trailers)).whenComplete { _ in
                if close { client.close(promise: nil) }
            }
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        guard !finished else { return }
        finished = true
        if sentHead {
            // The response was cut short: the client must see a broken response, not a complete one.
            downstream.close(promise: nil)
        } else {
            onFailure(.badGateway, "the backend closed the connection before answering")
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}
