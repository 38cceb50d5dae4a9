import NIOCore
import NIOHTTP1

/// Keeps the socket's read interest while a complete request waits for its response.
///
/// NIO's pipelining handler holds every read from the moment a request has ended until its
/// response has: the channel then drops read interest from epoll and takes it back once the
/// response is written, two `epoll_ctl` calls per request (a third of the proxy's system calls;
/// nginx makes none). Between those two moments this handler, just below the pipelining handler,
/// asks for one read itself, so interest never drops. What that read brings is the start of the
/// client's next request, which the pipelining handler queues as before; once a second request
/// has begun, or while a request's body is still arriving (where the proxy's own backpressure
/// holds reads), it asks for nothing, so a client that pipelines still meets backpressure after
/// at most one read.
final class ReadAheadWhileResponding: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// Requests begun whose response has not ended.
    private var unanswered = 0
    /// The newest request has ended (its body is all read).
    private var newestEnded = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            unanswered += 1
            newestEnded = false
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
        }
        context.write(data, promise: promise)
    }
}
