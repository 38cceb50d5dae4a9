import NIOCore
import NIOHTTP1

/// One request/response exchange on an upstream connection: where the response goes.
struct UpstreamExchange {
    var request: ForwardedRequest
    var downstream: Channel
    /// Answers 502 or 504 to the client; only called before a response head went out.
    var onFailure: (HTTPResponseStatus, String) -> Void
    /// Called with the backend's status when its response head arrives (for the access log).
    var onResponse: (HTTPResponseStatus) -> Void
    /// The exchange is over (answered, failed or cut): the client side forgets the request.
    var onFinished: () -> Void
    /// The upstream connection can take more request body again.
    var onWritable: () -> Void
    /// Set when the connection came from the pool: a connection the backend closed while idle is
    /// retried once on a fresh one instead of failing the request.
    var retry: (() -> Void)?
}

/// Relays backend responses to the client's channel as they arrive, flushing once per read burst.
/// Stops reading from the backend while the client's channel is not writable (a slow client never
/// makes the proxy hold a whole response), answers 502 or 504 itself when the backend fails before a
/// response head, and hands the connection back to the pool when the backend keeps it alive.
final class UpstreamHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = HTTPClientRequestPart

    private let pool: UpstreamPool
    private let endpoint: Endpoint
    private let timeout: TimeAmount
    private var exchange: UpstreamExchange?
    private var sentHead = false
    private var closeDownstream = false
    private var backendKeepsAlive = true
    private var timer: Scheduled<Void>?
    private var deadline = NIODeadline.distantFuture
    private var reads = ReadGate()
    private var flushTarget: Channel?
    private var context: ChannelHandlerContext?

    init(pool: UpstreamPool, endpoint: Endpoint, timeout: TimeAmount) {
        self.pool = pool
        self.endpoint = endpoint
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// Starts an exchange; the caller writes the request right after.
    func begin(_ exchange: UpstreamExchange, channel: Channel) {
        self.exchange = exchange
        sentHead = false
        backendKeepsAlive = true
        reads.resume(context)
        touch(channel: channel)
    }

    /// Moves the response deadline: it runs from the last request byte written, so a long upload is
    /// not cut off while it is still moving. One timer per connection, re-armed only when it fires
    /// early, so that a request does not cost a timer of its own.
    func touch(channel: Channel) {
        guard !sentHead else { return }
        deadline = .now() + timeout
        if timer == nil { arm(channel: channel) }
    }

    private func arm(channel: Channel) {
        timer = channel.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            timer = nil
            guard let current = exchange, !sentHead else { return }
            guard NIODeadline.now() >= deadline else {
                arm(channel: channel)
                return
            }
            exchange = nil
            current.onFinished()
            current.onFailure(.gatewayTimeout, "the backend did not answer within \(timeout.nanoseconds / 1_000_000_000) s")
            channel.close(promise: nil)
        }
    }

    /// Drops the exchange without answering (the client side already did) and closes the connection.
    func abandon(channel: Channel) {
        timer?.cancel()
        exchange = nil
        channel.close(promise: nil)
    }

    /// The client's channel can take more response again.
    func resumeReads() {
        reads.resume(context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let current = exchange else { return }
        switch unwrapInboundIn(data) {
        case .head(var head):
            sentHead = true
            backendKeepsAlive = head.isKeepAlive
            // A response that overtakes its request's body ends the client connection: the rest of
            // that body is never read.
            closeDownstream = !current.request.clientKeepAlive || !current.request.receivedEnd
            head.headers.replaceOrAdd(name: "Server", value: ProxyServer.serverName)
            head.headers.remove(name: "Connection")
            head.headers.remove(name: "Keep-Alive")
            if closeDownstream { head.headers.add(name: "Connection", value: "close") }
            head.version = .http1_1
            current.onResponse(head.status)
            current.downstream.write(HTTPServerResponsePart.head(head), promise: nil)
            flushTarget = current.downstream
        case .body(let buffer):
            current.downstream.write(HTTPServerResponsePart.body(.byteBuffer(buffer)), promise: nil)
            flushTarget = current.downstream
            if !current.downstream.isWritable { reads.pause() }
        case .end(let trailers):
            exchange = nil
            flushTarget = nil
            let client = current.downstream
            if closeDownstream {
                client.writeAndFlush(HTTPServerResponsePart.end(trailers)).whenComplete { _ in client.close(promise: nil) }
            } else {
                client.writeAndFlush(HTTPServerResponsePart.end(trailers), promise: nil)
            }
            let requestWritten = current.request.receivedEnd && current.request.upstream === context.channel
            current.onFinished()
            reads.resume(context)
            if backendKeepsAlive && requestWritten {
                pool.release(context.channel, to: endpoint)
            } else {
                context.close(promise: nil)
            }
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if let target = flushTarget {
            flushTarget = nil
            target.flush()
        }
        context.fireChannelReadComplete()
    }

    func read(context: ChannelHandlerContext) {
        reads.read(context)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { exchange?.onWritable() }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        guard let current = exchange else { return }
        exchange = nil
        if sentHead {
            // The response was cut short: the client must see a broken response, not a complete one.
            current.onFinished()
            current.downstream.close(promise: nil)
        } else if let retry = current.retry, current.request.canReplay {
            current.request.detach()
            retry()
        } else {
            current.onFinished()
            current.onFailure(.badGateway, "the backend closed the connection before answering")
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}
