import NIOCore
import NIOHTTP1
import NIOPosix

/// One kept connection of an `HTTPTransport`: its exchanges run on the channel's event loop
/// (`ExchangeHandler`), so an answer meets its deadline however busy the caller's threads are;
/// only the whole answer hops back to the caller.
final class PooledConnection: Sendable {
    struct Exchange: Sendable {
        var head: HTTPRequestHead
        var body: ByteBuffer?
        var limit: Int
        var deadline: NIODeadline
    }

    enum Failure: Error {
        /// Nothing of the answer came before the connection ended (a kept connection the server
        /// had closed, or a TLS handshake that failed): another connection may try.
        case closedBeforeAnswer(any Error)
    }

    let channel: any Channel
    private let handler: NIOLoopBound<ExchangeHandler>

    private init(channel: any Channel, handler: NIOLoopBound<ExchangeHandler>) {
        self.channel = channel
        self.handler = handler
    }

    static func bootstrap(transport: HTTPTransport, deadline: NIODeadline) -> ClientBootstrap {
        ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(min(transport.connectTimeout, max(deadline - .now(), .milliseconds(1))))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
    }

    /// Connects and performs `first` as soon as the connection is up, all on its event loop (a
    /// deadline cannot pass while the caller's task waits for a thread between the steps).
    static func open(transport: HTTPTransport, first exchange: Exchange) async throws -> (PooledConnection, (HTTPTransport.Answer, Bool)) {
        let answer = MultiThreadedEventLoopGroup.singleton.next().makePromise(of: (HTTPTransport.Answer, Bool).self)
        let connected = bootstrap(transport: transport, deadline: exchange.deadline)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try transport.configure(channel)
                    try channel.pipeline.syncOperations.addHandler(ExchangeHandler(first: (exchange, answer)))
                }
            }
            .connect(host: transport.host, port: transport.port)
            .flatMapThrowing { channel in
                PooledConnection(channel: channel, handler: NIOLoopBound(try channel.pipeline.syncOperations.handler(type: ExchangeHandler.self), eventLoop: channel.eventLoop))
            }
        connected.whenFailure { answer.fail(HTTPTransportError.classify($0)) }
        let result = try await answer.futureResult.get()
        return (try await connected.get(), result)
    }

    /// The answer, and whether the connection may serve another exchange.
    func perform(_ exchange: Exchange) async throws -> (HTTPTransport.Answer, Bool) {
        let promise = channel.eventLoop.makePromise(of: (HTTPTransport.Answer, Bool).self)
        let handler = self.handler
        channel.eventLoop.execute { handler.value.start(exchange, promise: promise) }
        return try await promise.futureResult.get()
    }

    func close() {
        channel.close(promise: nil)
    }

    /// An exchange whose answer `consume` reads as it comes, with backpressure, on a connection
    /// of its own that closes when `consume` returns or the deadline passes.
    static func stream<T: Sendable>(
        transport: HTTPTransport, head: HTTPRequestHead, deadline: NIODeadline, _ consume: @Sendable (HTTPResponseHead, inout BodyChunks) async throws -> T
    ) async throws -> T {
        let channel: NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>
        do {
            channel = try await bootstrap(transport: transport, deadline: deadline)
                .connect(host: transport.host, port: transport.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try transport.configure(channel)
                        return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw HTTPTransportError.classify(error)
        }
        let underlying = channel.channel
        let timer = underlying.eventLoop.scheduleTask(deadline: deadline) { underlying.close(promise: nil) }
        defer { timer.cancel() }
        do {
            return try await channel.executeThenClose { inbound, outbound in
                var parts = inbound.makeAsyncIterator()
                do {
                    try await outbound.write(.head(head))
                    try await outbound.write(.end(nil))
                } catch {
                    // A failed handshake closes the channel before the write: its cause is inbound.
                    _ = try await parts.next()
                    throw error
                }
                while let part = try await parts.next() {
                    guard case .head(let received) = part, received.status.code >= 200 else { continue }
                    var chunks = BodyChunks(parts: parts)
                    return try await consume(received, &chunks)
                }
                throw HTTPTransportError.connectionClosed("the server closed the connection before answering")
            }
        } catch let error as HTTPTransportError {
            throw error
        } catch {
            if NIODeadline.now() >= deadline { throw HTTPTransportError.deadlineExceeded }
            throw HTTPTransportError.classify(error)
        }
    }
}

/// The last handler of a kept connection: one exchange at a time, its answer collected up to
/// the exchange's limit, failed at its deadline or when the connection ends.
final class ExchangeHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    private struct Pending {
        var exchange: PooledConnection.Exchange
        var promise: EventLoopPromise<(HTTPTransport.Answer, Bool)>
        var head: HTTPResponseHead?
        var body = ByteBuffer()
        var timer: Scheduled<Void>?
    }

    private var pending: Pending?
    /// The exchange to start once the connection is up.
    private var first: (PooledConnection.Exchange, EventLoopPromise<(HTTPTransport.Answer, Bool)>)?
    private var context: ChannelHandlerContext?
    /// What ended the connection, for an exchange that comes after.
    private var cause: (any Error)?

    init(first: (PooledConnection.Exchange, EventLoopPromise<(HTTPTransport.Answer, Bool)>)) {
        self.first = first
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { startFirst() }
    }

    func channelActive(context: ChannelHandlerContext) {
        startFirst()
        context.fireChannelActive()
    }

    private func startFirst() {
        guard let (exchange, promise) = first else { return }
        first = nil
        start(exchange, promise: promise)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        fail(HTTPTransportError.connectionClosed("the connection closed"))
        // A first exchange never started: the connection never came up, and the connect's own
        // failure (a refusal, a timeout) fails its promise in `open`. Failing it here too raced
        // with that, and a refused connection was sometimes reported as a closed one.
        first = nil
        self.context = nil
    }

    func start(_ exchange: PooledConnection.Exchange, promise: EventLoopPromise<(HTTPTransport.Answer, Bool)>) {
        guard let context, context.channel.isActive, pending == nil else {
            promise.fail(PooledConnection.Failure.closedBeforeAnswer(cause ?? HTTPTransportError.connectionClosed("the connection closed")))
            return
        }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let timer = context.eventLoop.scheduleTask(deadline: exchange.deadline) {
            let (handler, context) = bound.value
            handler.fail(HTTPTransportError.deadlineExceeded)
            context.close(promise: nil)
        }
        pending = Pending(exchange: exchange, promise: promise, timer: timer)
        context.write(wrapOutboundOut(.head(exchange.head)), promise: nil)
        if let body = exchange.body { context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil) }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard var current = pending else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            // 1xx answers precede the real one.
            if head.status.code >= 200 { current.head = head }
            pending = current
        case .body(var chunk):
            guard current.body.readableBytes + chunk.readableBytes <= current.exchange.limit else {
                fail(HTTPTransportError.bodyTooLarge(limit: current.exchange.limit))
                context.close(promise: nil)
                return
            }
            pending = nil  // appends in place
            current.body.writeBuffer(&chunk)
            pending = current
        case .end:
            guard let head = current.head else { return }
            pending = nil
            current.timer?.cancel()
            current.promise.succeed((HTTPTransport.Answer(status: head.status, headers: head.headers, body: current.body), head.isKeepAlive))
            if !head.isKeepAlive { context.close(promise: nil) }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        cause = cause ?? error
        fail(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(cause ?? HTTPTransportError.connectionClosed("the server closed the connection"))
        context.fireChannelInactive()
    }

    /// Fails the exchange under way: as retryable when nothing of its answer had come.
    private func fail(_ error: any Error) {
        guard let current = pending else { return }
        pending = nil
        current.timer?.cancel()
        if let known = error as? HTTPTransportError, case .deadlineExceeded = known {
            current.promise.fail(known)
        } else if let known = error as? HTTPTransportError, case .bodyTooLarge = known {
            current.promise.fail(known)
        } else if current.head == nil {
            current.promise.fail(PooledConnection.Failure.closedBeforeAnswer(error))
        } else {
            current.promise.fail(HTTPTransportError.connectionClosed(String(describing: error)))
        }
    }
}
