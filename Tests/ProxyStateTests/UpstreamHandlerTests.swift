import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing
@testable import Proxy

/// The upstream handler on EmbeddedChannels: the backend's side written inbound by hand, the
/// client's side read back from the downstream channel.
@Suite struct UpstreamHandlerTests {
    static func setUp() throws -> (upstream: EmbeddedChannel, downstream: EmbeddedChannel, handler: UpstreamHandler, loop: EmbeddedEventLoop) {
        let loop = EmbeddedEventLoop()
        let handler = UpstreamHandler(pool: UpstreamPool(eventLoop: loop), endpoint: Endpoint(host: "127.0.0.1", port: 9), timeout: .seconds(30))
        let upstream = EmbeddedChannel(handler: handler, loop: loop)
        let downstream = EmbeddedChannel(loop: loop)
        try upstream.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9)).wait()
        try downstream.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 10)).wait()
        return (upstream, downstream, handler, loop)
    }

    @Test func relaysTheResponseToTheClientAndRecordsItsStatus() throws {
        let (upstream, downstream, handler, _) = try Self.setUp()
        let request = Fixtures.request()
        let calls = Fixtures.Calls()
        handler.begin(Fixtures.exchange(request, downstream: downstream, calls: calls), channel: upstream)
        request.upstream = upstream
        try upstream.writeInbound(HTTPClientResponsePart.head(HTTPResponseHead(version: .http1_1, status: .created)))
        try upstream.writeInbound(HTTPClientResponsePart.body(ByteBuffer(string: "hi")))
        try upstream.writeInbound(HTTPClientResponsePart.end(nil))
        guard case .head(let head) = try downstream.readOutbound(as: HTTPServerResponsePart.self) else { Issue.record("no head"); return }
        #expect(head.status == .created && head.headers["Server"] == [ProxyServer.serverName])
        guard case .body(.byteBuffer(let body)) = try downstream.readOutbound(as: HTTPServerResponsePart.self) else { Issue.record("no body"); return }
        #expect(String(buffer: body) == "hi")
        guard case .end = try downstream.readOutbound(as: HTTPServerResponsePart.self) else { Issue.record("no end"); return }
        #expect(calls.events == ["response 201", "finished"])
        #expect(upstream.isActive, "kept alive: back in the pool")
    }

    @Test func answers504WhenTheBackendIsSilentPastTheDeadline() throws {
        let (upstream, downstream, handler, loop) = try Self.setUp()
        let calls = Fixtures.Calls()
        handler.begin(Fixtures.exchange(Fixtures.request(), downstream: downstream, calls: calls), channel: upstream)
        loop.advanceTime(by: .seconds(29))
        #expect(calls.events.isEmpty)
        // A request byte written moves the deadline: the timer fires at the old one and re-arms.
        handler.touch(channel: upstream)
        loop.advanceTime(by: .seconds(29))
        #expect(calls.events.isEmpty)
        loop.advanceTime(by: .seconds(1))
        #expect(calls.events == ["finished", "failure 504 the backend did not answer within 30 s"])
        #expect(!upstream.isActive)
        _ = downstream
    }

    @Test func aBackendThatClosesBeforeAnsweringIs502() throws {
        let (upstream, downstream, handler, _) = try Self.setUp()
        let calls = Fixtures.Calls()
        handler.begin(Fixtures.exchange(Fixtures.request(), downstream: downstream, calls: calls), channel: upstream)
        _ = try? upstream.close().wait()
        #expect(calls.events == ["finished", "failure 502 the backend closed the connection before answering"])
    }
}
