import NIOCore
import NIOHTTP1

/// Watches one client connection from just below NIO's pipelining handler: each request head that
/// arrives and each response end that leaves. Three duties hang on that one count, kept in one
/// handler because every handler in the pipeline costs each request part a hop (there were three,
/// and the hops were a measurable share of the proxy's CPU):
///
/// - **Timeouts.** A request head must arrive within `headerTimeout` of the connection opening
///   (slowloris), and a keep-alive connection with no request in flight is closed after
///   `idleTimeout`. One timer per connection at a time, re-armed only when it fires early:
///   scheduling and cancelling a timer for every request showed up in the profile.
/// - **Requests in flight**, counted across connections so that shutdown can wait for them. A
///   request queued behind another (pipelining) is in flight for its client, so it counts.
/// - **Read-ahead.** NIO's pipelining handler holds every read from the moment a request has ended
///   until its response has: the channel then drops read interest from epoll and takes it back once
///   the response is written, two `epoll_ctl` calls per request (a third of the proxy's system
///   calls; nginx makes none). While exactly one complete request waits for its response, this
///   handler asks for one read itself, so interest never drops. What that read brings is the start
///   of the client's next request, which the pipelining handler queues; once a second request has
///   begun, or while a request's body is still arriving (where the proxy's own backpressure holds
///   reads), it asks for nothing, so a client that pipelines still meets backpressure after at most
///   one read.
final class ClientConnectionWatch: ChannelDuplexHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let headerTimeout: TimeAmount
    private let idleTimeout: TimeAmount
    private let counter: InFlightCounter
    /// Requests begun whose response has not ended.
    private var unanswered = 0
    /// The newest request has ended (its body is all read).
    private var newestEnded = false
    private var timer: Scheduled<Void>?
    /// When the connection must have shown a request head, while none is in flight.
    private var deadline = NIODeadline.distantFuture

    init(headerTimeout: TimeAmount, idleTimeout: TimeAmount, counter: InFlightCounter) {
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
        self.counter = counter
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { wait(context: context, for: headerTimeout) }
    }

    func channelActive(context: ChannelHandlerContext) {
        wait(context: context, for: headerTimeout)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            unanswered += 1
            newestEnded = false
            counter.started()
        case .body:
            break
        case .end:
            newestEnded = true
        }
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if unanswered == 1, newestEnded {
            context.read()
        }
        context.fireChannelReadComplete()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), unanswered > 0 {
            unanswered -= 1
            counter.finished()
            // The next request's head must arrive within the idle time.
            if unanswered == 0 { wait(context: context, for: idleTimeout) }
        }
        context.write(data, promise: promise)
    }

    func channelInactive(context: ChannelHandlerContext) {
        for _ in 0..<unanswered { counter.finished() }
        unanswered = 0
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    private func wait(context: ChannelHandlerContext, for delay: TimeAmount) {
        deadline = context.eventLoop.now + delay
        if timer == nil { arm(channel: context.channel, at: deadline) }
    }

    private func arm(channel: Channel, at when: NIODeadline) {
        timer = channel.eventLoop.assumeIsolated().scheduleTask(deadline: when) { [self] in
            timer = nil
            guard unanswered == 0 else { return }
            if channel.eventLoop.now >= deadline {
                channel.close(promise: nil)
            } else {
                arm(channel: channel, at: deadline)
            }
        }
    }
}
