import NIOCore
import NIOHTTP1

/// One request/response exchange on an upstream connection: where the response goes.
struct UpstreamExchange {
    var downstream: Channel
    var keepAliveDownstream: Bool
    var onFailure: (HTTPResponseStatus, String) -> Void
    /// Called with the backend's status when its response head arrives (for the access log).
    var onResponse: (HTTPResponseStatus) -> Void
    /// Set when the connection came from the pool: a connection the backend closed while idle is
    /// retried once on a fresh one instead of failing the request.
    var retry: (() -> Void)?
}

/// Relays backend responses to the client's channel as they arrive (head, body parts, end), answers
/// 502 or 504 itself when the backend fails before a response head, and hands the connection back
/// to the pool when the backend keeps it alive.
final class UpstreamHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    private let pool: UpstreamPool
    private let endpoint: Endpoint
    private let timeout: TimeAmount
    private var exchange: UpstreamExchange?
    private var sentHead = false
    private var backendKeepsAlive = true
    private var timer: Scheduled<Void>?

    init(pool: UpstreamPool, endpoint: Endpoint, timeout: TimeAmount) {
        self.pool = pool
        self.endpoint = endpoint
        self.timeout = timeout
    }

    /// Starts an exchange; the caller writes the request right after.
    func begin(_ exchange: UpstreamExchange, channel: Channel) {
        self.exchange = exchange
        sentHead = false
        backendKeepsAlive = true
        let timeout = self.timeout
        timer = channel.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            guard let current = self.exchange, !sentHead else { return }
            self.exchange = nil
            current.onFailure(.gatewayTimeout, "the backend did not answer within \(timeout.nanoseconds / 1_000_000_000) s")
            channel.close(promise: nil)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let current = exchange else { return }
        switch unwrapInboundIn(data) {
        case .head(var head):
            sentHead = true
            timer?.cancel()
            backendKeepsAlive = head.isKeepAlive
            head.headers.replaceOrAdd(name: "Server", value: ProxyServer.serverName)
            head.headers.remove(name: "Connection")
            head.headers.remove(name: "Keep-Alive")
            if !current.keepAliveDownstream { head.headers.add(name: "Connection", value: "close") }
            head.version = .http1_1
            current.onResponse(head.status)
            current.downstream.write(HTTPServerResponsePart.head(head), promise: nil)
        case .body(let buffer):
            current.downstream.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(buffer)), promise: nil)
        case .end(let trailers):
            exchange = nil
            let client = current.downstream
            let close = !current.keepAliveDownstream
            client.writeAndFlush(HTTPServerResponsePart.end(trailers)).whenComplete { _ in
                if close { client.close(promise: nil) }
            }
            if backendKeepsAlive {
                pool.release(context.channel, to: endpoint)
            } else {
                context.close(promise: nil)
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        guard let current = exchange else { return }
        exchange = nil
        if sentHead {
            // The response was cut short: the client must see a broken response, not a complete one.
            current.downstream.close(promise: nil)
        } else if let retry = current.retry {
            retry()
        } else {
            current.onFailure(.badGateway, "the backend closed the connection before answering")
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}
