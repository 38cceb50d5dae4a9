import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing
@testable import Proxy

/// The read the handler asks for while a complete request waits for its response, and the reads
/// it must not ask for (a body still arriving, a second request begun), which would lift the
/// proxy's backpressure; the requests it counts in flight; the idle and header timeouts.
@Suite struct ClientConnectionWatchTests {
    /// Counts the reads that reach the socket's side of the pipeline.
    final class ReadCounter: ChannelOutboundHandler {
        typealias OutboundIn = Any
        var reads = 0
        func read(context: ChannelHandlerContext) {
            reads += 1
            context.read()
        }
    }

    let inFlight = InFlightCounter()

    func channel(headerTimeout: TimeAmount = .seconds(10), idleTimeout: TimeAmount = .seconds(60)) throws -> (EmbeddedChannel, ReadCounter) {
        let counter = ReadCounter()
        let channel = EmbeddedChannel()
        let watch = ClientConnectionWatch(headerTimeout: headerTimeout, idleTimeout: idleTimeout, counter: inFlight)
        try channel.pipeline.syncOperations.addHandlers([counter, watch, HTTPServerPipelineHandler()])
        return (channel, counter)
    }

    /// One part read, without the read-complete that `writeInbound` adds.
    func read(_ part: HTTPServerRequestPart, on channel: EmbeddedChannel) {
        channel.pipeline.syncOperations.fireChannelRead(NIOAny(part))
    }

    let head = HTTPServerRequestPart.head(HTTPRequestHead(version: .http1_1, method: .POST, uri: "/a"))

    @Test func aCompleteRequestAwaitingItsResponseKeepsOneReadAsked() throws {
        let (channel, counter) = try channel()
        read(head, on: channel)
        read(HTTPServerRequestPart.end(nil), on: channel)
        channel.pipeline.fireChannelReadComplete()
        #expect(counter.reads == 1)
        // The response ends: the next request is read the usual way, the handler asks for nothing.
        try channel.writeOutbound(HTTPServerResponsePart.head(HTTPResponseHead(version: .http1_1, status: .ok)))
        try channel.writeOutbound(HTTPServerResponsePart.end(nil))
        channel.pipeline.fireChannelReadComplete()
        #expect(counter.reads == 1)
    }

    @Test func aBodyStillArrivingIsLeftToTheProxysBackpressure() throws {
        let (channel, counter) = try channel()
        read(head, on: channel)
        read(HTTPServerRequestPart.body(ByteBuffer(string: "part")), on: channel)
        channel.pipeline.fireChannelReadComplete()
        #expect(counter.reads == 0)
    }

    @Test func aSecondRequestBegunStopsTheReadAhead() throws {
        let (channel, counter) = try channel()
        read(head, on: channel)
        read(HTTPServerRequestPart.end(nil), on: channel)
        read(head, on: channel)
        read(HTTPServerRequestPart.end(nil), on: channel)
        channel.pipeline.fireChannelReadComplete()
        #expect(counter.reads == 0)
    }

    @Test func anEarlyAnswerLeavesTheRestOfTheRequestToTheUsualReads() throws {
        let (channel, counter) = try channel()
        read(head, on: channel)
        try channel.writeOutbound(HTTPServerResponsePart.head(HTTPResponseHead(version: .http1_1, status: .payloadTooLarge)))
        try channel.writeOutbound(HTTPServerResponsePart.end(nil))
        read(HTTPServerRequestPart.end(nil), on: channel)
        channel.pipeline.fireChannelReadComplete()
        #expect(counter.reads == 0)
    }

    /// A request queued behind another (pipelining) is in flight: shutdown waits for both, and the
    /// connection is not idle while the second waits for its response.
    @Test func pipelinedRequestsStayInFlightUntilEachIsAnswered() throws {
        let (channel, _) = try channel()
        read(head, on: channel)
        read(HTTPServerRequestPart.end(nil), on: channel)
        read(head, on: channel)
        read(HTTPServerRequestPart.end(nil), on: channel)
        #expect(inFlight.current == 2)
        try channel.writeOutbound(HTTPServerResponsePart.head(HTTPResponseHead(version: .http1_1, status: .ok)))
        try channel.writeOutbound(HTTPServerResponsePart.end(nil))
        #expect(inFlight.current == 1)
        _ = try channel.close().wait()
        #expect(inFlight.current == 0)
    }

    /// A connection with no request within the header time is closed; one whose request is in
    /// flight is not, however long its backend takes; once answered it may idle only so long.
    @Test func timeoutsCloseOnlyConnectionsWithNothingInFlight() throws {
        let (silent, _) = try channel(headerTimeout: .seconds(1), idleTimeout: .seconds(5))
        try silent.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 8080)).wait()
        silent.embeddedEventLoop.advanceTime(by: .milliseconds(900))
        #expect(silent.isActive)
        silent.embeddedEventLoop.advanceTime(by: .milliseconds(200))
        #expect(!silent.isActive)

        let (busy, _) = try channel(headerTimeout: .seconds(1), idleTimeout: .seconds(5))
        try busy.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 8080)).wait()
        read(head, on: busy)
        read(HTTPServerRequestPart.end(nil), on: busy)
        busy.embeddedEventLoop.advanceTime(by: .seconds(30))
        #expect(busy.isActive)
        try busy.writeOutbound(HTTPServerResponsePart.head(HTTPResponseHead(version: .http1_1, status: .ok)))
        try busy.writeOutbound(HTTPServerResponsePart.end(nil))
        busy.embeddedEventLoop.advanceTime(by: .seconds(4))
        #expect(busy.isActive)
        busy.embeddedEventLoop.advanceTime(by: .seconds(2))
        #expect(!busy.isActive)
    }
}
