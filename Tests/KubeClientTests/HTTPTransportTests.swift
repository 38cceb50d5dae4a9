import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import Testing
@testable import KubeClient

/// The transport against a plain-HTTP server on loopback that counts its connections and can
/// close a kept one, stay silent, or answer more than asked for.
@Suite struct HTTPTransportTests {
    final class Server: Sendable {
        let connections = NIOLockedValueBox(0)
        let channel: any Channel

        init() async throws {
            let connections = self.connections
            channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        connections.withLockedValue { $0 += 1 }
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                        try channel.pipeline.syncOperations.addHandler(Answering())
                    }
                }
                .bind(host: "127.0.0.1", port: 0).get()
        }

        var origin: URL { URL(string: "http://127.0.0.1:\(channel.localAddress?.port ?? 0)")! }
        var count: Int { connections.withLockedValue { $0 } }
    }

    /// `/`: "ok"; `/close-after`: "ok", then the connection closes soon after, as a server's idle
    /// timeout does; `/silent`: nothing; `/big`: 100,000 bytes.
    final class Answering: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        var uri = ""

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head): uri = head.uri
            case .body: break
            case .end:
                guard uri != "/silent" else { return }
                let body = uri == "/big" ? String(repeating: "x", count: 100_000) : "ok"
                var headers = HTTPHeaders()
                headers.add(name: "Content-Length", value: String(body.utf8.count))
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
                if uri == "/close-after" {
                    let channel = context.channel
                    channel.eventLoop.scheduleTask(in: .milliseconds(50)) { channel.close(promise: nil) }
                }
            }
        }
    }

    @Test func exchangesOneAfterAnotherShareAConnection() async throws {
        let server = try await Server()
        let transport = try HTTPTransport(origin: server.origin, tls: .makeClientConfiguration())
        for _ in 0..<3 {
            let answer = try await transport.execute(.GET, "/", limit: 100, deadline: .now() + .seconds(10))
            #expect(String(buffer: answer.body) == "ok")
        }
        #expect(server.count == 1)
        await transport.shutdown()
        try await server.channel.close()
    }

    @Test func aKeptConnectionTheServerClosedIsReplaced() async throws {
        let server = try await Server()
        let transport = try HTTPTransport(origin: server.origin, tls: .makeClientConfiguration())
        _ = try await transport.execute(.GET, "/close-after", limit: 100, deadline: .now() + .seconds(10))
        try await Task.sleep(for: .milliseconds(300))
        let answer = try await transport.execute(.GET, "/", limit: 100, deadline: .now() + .seconds(10))
        #expect(String(buffer: answer.body) == "ok")
        #expect(server.count == 2)
        await transport.shutdown()
        try await server.channel.close()
    }

    @Test func aSilentServerMeetsTheDeadlineAndALargeAnswerTheLimit() async throws {
        let server = try await Server()
        let transport = try HTTPTransport(origin: server.origin, tls: .makeClientConfiguration())
        await #expect {
            _ = try await transport.execute(.GET, "/silent", limit: 100, deadline: .now() + .milliseconds(300))
        } throws: { error in
            "\(error)" == "\(HTTPTransportError.deadlineExceeded)"
        }
        await #expect {
            _ = try await transport.execute(.GET, "/big", limit: 1_000, deadline: .now() + .seconds(10))
        } throws: { error in
            "\(error)" == "\(HTTPTransportError.bodyTooLarge(limit: 1_000))"
        }
        await transport.shutdown()
        try await server.channel.close()
    }
}
