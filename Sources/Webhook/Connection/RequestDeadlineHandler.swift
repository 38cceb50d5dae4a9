import NIOCore
import NIOHTTP1

/// Performs `RequestDeadlineStateMachine` on a connection of the webhook: it watches the request
/// parts coming in and the answer going out, keeps one timer at the machine's next check, and
/// closes the connection when the machine says so.
final class RequestDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private var machine: RequestDeadlineStateMachine?
    private let limits: RequestDeadlineStateMachine.Limits
    private var timer: Scheduled<Void>?
    private var timerDeadline: NIODeadline?
    private let onClose: @Sendable (String) -> Void

    init(limits: RequestDeadlineStateMachine.Limits, onClose: @escaping @Sendable (String) -> Void) {
        self.limits = limits
        self.onClose = onClose
    }

    func handlerAdded(context: ChannelHandlerContext) {
        machine = RequestDeadlineStateMachine(limits: limits, now: context.eventLoop.now)
        schedule(context: context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: machine?.headRead(now: context.eventLoop.now)
        case .body(let buffer): machine?.bodyRead(bytes: buffer.readableBytes)
        case .end: machine?.endRead()
        }
        schedule(context: context)
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            machine?.responseSent(now: context.eventLoop.now)
            schedule(context: context)
        }
        context.write(data, promise: promise)
    }

    func channelInactive(context: ChannelHandlerContext) {
        machine?.closed()
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    /// One timer per connection, at or before the machine's next check. A check that moves later
    /// (the common case: a request answered, the next one awaited) leaves the timer where it is;
    /// it fires early, finds nothing due and re-arms at the check. Rescheduling on every
    /// transition cost two timers and two cancellations per admission.
    private func schedule(context: ChannelHandlerContext) {
        guard let next = machine?.nextCheck else { return }
        if let pending = timerDeadline, pending <= next { return }
        timer?.cancel()
        timerDeadline = next
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(deadline: next) {
            let (handler, context) = loopBound.value
            handler.fire(context: context)
        }
    }

    private func fire(context: ChannelHandlerContext) {
        timer = nil
        timerDeadline = nil
        guard let action = machine?.tick(now: context.eventLoop.now) else { return }
        switch action {
        case .none:
            schedule(context: context)
        case .close(let reason):
            onClose(reason)
            context.close(promise: nil)
        }
    }
}
