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
/// response head, and hands the connection back to the pool when the backend keeps it alive. What
/// happens when is `UpstreamExchangeStateMachine`'s; this handler performs it.
final class UpstreamHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = HTTPClientRequestPart

    private let pool: UpstreamPool
    private let endpoint: Endpoint
    private let timeout: TimeAmount
    private var machine = UpstreamExchangeStateMachine()
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
        machine.begin(exchange)
        reads.resume(context)
        touch(channel: channel)
    }

    /// Moves the response deadline: it runs from the last request byte written, so a long upload is
    /// not cut off while it is still moving. One timer per connection, re-armed only when it fires
    /// early, so that a request does not cost a timer of its own.
    func touch(channel: Channel) {
        guard machine.awaitingHead else { return }
        deadline = channel.eventLoop.now + timeout
        if timer == nil { arm(channel: channel) }
    }

    private func arm(channel: Channel) {
        timer = channel.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            timer = nil
            guard machine.awaitingHead else { return }
            guard channel.eventLoop.now >= deadline else {
                arm(channel: channel)
                return
            }
            perform(machine.timedOut(after: timeout))
            channel.close(promise: nil)
        }
    }

    /// Drops the exchange without answering (the client side already did) and closes the connection.
    func abandon(channel: Channel) {
        timer?.cancel()
        machine.abandoned()
        channel.close(promise: nil)
    }

    /// The client's channel can take more response again.
    func resumeReads() {
        reads.resume(context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            guard case .forward(let forwarded, let exchange) = machine.responseHead(head) else { return }
            exchange.request.responseStarted = true
            exchange.onResponse(forwarded.status)
            exchange.downstream.write(HTTPServerResponsePart.head(forwarded), promise: nil)
            flushTarget = exchange.downstream
        case .body(let buffer):
            guard let exchange = machine.responseBody() else { return }
            exchange.downstream.write(HTTPServerResponsePart.body(.byteBuffer(buffer)), promise: nil)
            flushTarget = exchange.downstream
            if !exchange.downstream.isWritable { reads.pause() }
        case .end(let trailers):
            let channel = context.channel
            let action = machine.responseEnd(trailers) { $0.request.receivedEnd && $0.request.upstream === channel }
            guard case .finish(let exchange, let trailers, let closeClient, let reuse) = action else { return }
            flushTarget = nil
            let client = exchange.downstream
            if closeClient {
                client.writeAndFlush(HTTPServerResponsePart.end(trailers)).whenComplete { _ in client.close(promise: nil) }
            } else {
                client.writeAndFlush(HTTPServerResponsePart.end(trailers), promise: nil)
            }
            exchange.onFinished()
            reads.resume(context)
            if reuse {
                pool.release(channel, to: endpoint)
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
        if context.channel.isWritable { machine.exchange?.onWritable() }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        perform(machine.connectionClosed())
    }

    private func perform(_ action: UpstreamExchangeStateMachine.FailureAction) {
        switch action {
        case .none:
            break
        case .answer(let exchange, let status, let message):
            exchange.onFinished()
            exchange.onFailure(status, message)
        case .cutClient(let exchange):
            exchange.onFinished()
            exchange.downstream.close(promise: nil)
        case .retry(let exchange, let retry):
            exchange.request.detach()
            retry()
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}
