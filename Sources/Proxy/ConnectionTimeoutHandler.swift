import NIOCore
import NIOHTTP1

/// Closes client connections that are too slow: a request head that does not arrive in full within
/// `headerTimeout` (slowloris), or a keep-alive connection idle for `idleTimeout`.
///
/// One timer per connection at a time, re-armed only when it fires early: scheduling and cancelling a
/// timer for every request showed up in the proxy's profile.
final class ConnectionTimeoutHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let headerTimeout: TimeAmount
    private let idleTimeout: TimeAmount
    private var timer: Scheduled<Void>?
    private var inFlight = false
    /// When the connection must have shown a complete request head, while none is in flight.
    private var deadline = NIODeadline.distantFuture

    init(headerTimeout: TimeAmount, idleTimeout: TimeAmount) {
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
    }

    func channelActive(context: ChannelHandlerContext) {
        wait(context: context, for: headerTimeout)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) { inFlight = true }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            inFlight = false
            // The next request's head must start within the idle time and finish within the header time.
            wait(context: context, for: idleTimeout)
        }
        context.write(data, promise: promise)
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    private func wait(context: ChannelHandlerContext, for delay: TimeAmount) {
        deadline = .now() + delay
        if timer == nil { arm(channel: context.channel, at: deadline) }
    }

    private func arm(channel: Channel, at when: NIODeadline) {
        timer = channel.eventLoop.assumeIsolated().scheduleTask(deadline: when) { [self] in
            timer = nil
            guard !inFlight else { return }
            if NIODeadline.now() >= deadline {
                channel.close(promise: nil)
            } else {
                arm(channel: channel, at: deadline)
            }
        }
    }
}
