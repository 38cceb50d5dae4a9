import NIOCore
import NIOHTTP1
import Atomics

/// Counts requests in flight across all client connections, so shutdown can wait for them.
final class InFlightCounter: Sendable {
    private let count = ManagedAtomic<Int>(0)

    var current: Int { max(0, count.load(ordering: .relaxed)) }

    func started() { count.wrappingIncrement(ordering: .relaxed) }

    func finished() { count.wrappingDecrement(ordering: .relaxed) }
}

/// Sees each request head come in and each response end go out on one client connection.
final class InFlightTrackingHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let counter: InFlightCounter
    private var open = 0

    init(counter: InFlightCounter) {
        self.counter = counter
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) {
            open += 1
            counter.started()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), open > 0 {
            open -= 1
            counter.finished()
        }
        context.write(data, promise: promise)
    }

    func channelInactive(context: ChannelHandlerContext) {
        for _ in 0..<open { counter.finished() }
        open = 0
        context.fireChannelInactive()
    }
}
