import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing
@testable import Webhook

/// The handler on an EmbeddedChannel, its clock advanced by hand.
@Suite struct RequestDeadlineHandlerTests {
    static let limits = RequestDeadlineStateMachine.Limits(headerTimeout: .seconds(10), requestTimeout: .seconds(4), minimumBodyRate: 1000)

    static func channel() throws -> (EmbeddedChannel, EmbeddedEventLoop, ClosedReasons) {
        let reasons = ClosedReasons()
        let loop = EmbeddedEventLoop()
        let channel = EmbeddedChannel(handler: RequestDeadlineHandler(limits: limits) { reasons.append($0) }, loop: loop)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return (channel, loop, reasons)
    }

    static let head = HTTPServerRequestPart.head(HTTPRequestHead(version: .http1_1, method: .POST, uri: "/validate"))

    @Test func closesAConnectionWhoseBodyTrickles() throws {
        let (channel, loop, reasons) = try Self.channel()
        try channel.writeInbound(Self.head)
        for _ in 0..<3 {
            try channel.writeInbound(HTTPServerRequestPart.body(ByteBuffer(string: "x")))
            loop.advanceTime(by: .milliseconds(400))
        }
        #expect(reasons.list == ["request body slower than 1000 bytes a second"])
        #expect(!channel.isActive)
    }

    @Test func leavesAPromptRequestAndItsAnswerAlone() throws {
        let (channel, loop, reasons) = try Self.channel()
        try channel.writeInbound(Self.head)
        try channel.writeInbound(HTTPServerRequestPart.body(ByteBuffer(string: String(repeating: "x", count: 2000))))
        try channel.writeInbound(HTTPServerRequestPart.end(nil))
        loop.advanceTime(by: .seconds(30))
        #expect(channel.isActive, "a request being answered is not the connection's to time out")
        try channel.writeOutbound(HTTPServerResponsePart.head(HTTPResponseHead(version: .http1_1, status: .ok)))
        try channel.writeOutbound(HTTPServerResponsePart.end(nil))
        loop.advanceTime(by: .seconds(9))
        #expect(channel.isActive)
        loop.advanceTime(by: .seconds(1))
        #expect(reasons.list == ["no whole request head within 10 s"])
        #expect(!channel.isActive)
    }

    @Test func passesEveryPartOn() throws {
        let (channel, _, _) = try Self.channel()
        try channel.writeInbound(Self.head)
        try channel.writeInbound(HTTPServerRequestPart.end(nil))
        guard case .head = try channel.readInbound(as: HTTPServerRequestPart.self) else { Issue.record("head not passed on"); return }
        guard case .end = try channel.readInbound(as: HTTPServerRequestPart.self) else { Issue.record("end not passed on"); return }
        _ = try? channel.finish()
    }
}

final class ClosedReasons: Sendable {
    private let box = NIOLockedValueBox<[String]>([])
    func append(_ reason: String) { box.withLockedValue { $0.append(reason) } }
    var list: [String] { box.withLockedValue { $0 } }
}
