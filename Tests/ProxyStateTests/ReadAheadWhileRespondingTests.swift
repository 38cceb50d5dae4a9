import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing
@testable import Proxy

/// The read the handler asks for while a complete request waits for its response, and the reads
/// it must not ask for (a body still arriving, a second request begun), which would lift the
/// proxy's backpressure.
@Suite struct ReadAheadWhileRespondingTests {
    /// Counts the reads that reach the socket's side of the pipeline.
    final class ReadCounter: ChannelOutboundHandler {
        typealias OutboundIn = Any
        var reads = 0
        func read(context: ChannelHandlerContext) {
            reads += 1
            context.read()
        }
    }

    func channel() throws -> (EmbeddedChannel, ReadCounter) {
        let counter = ReadCounter()
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandlers([counter, ReadAheadWhileResponding(), HTTPServerPipelineHandler()])
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
}
