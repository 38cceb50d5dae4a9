import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import StructuredText

/// An HTTP server standing in for one replica of a Service port: it answers every request with
/// JSON that says who answered and what arrived (DESIGN.md §7).
public struct EchoIdentity: Sendable {
    public var namespace: String
    public var service: String
    public var port: String
    public var replica: Int

    public init(namespace: String, service: String, port: String, replica: Int) {
        self.namespace = namespace
        self.service = service
        self.port = port
        self.replica = replica
    }
}

final class EchoHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let identity: EchoIdentity
    private var head: HTTPRequestHead?
    private var bodyBytes = 0

    init(identity: EchoIdentity) {
        self.identity = identity
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            bodyBytes = 0
        case .body(let buffer): bodyBytes += buffer.readableBytes
        case .end:
            guard let head else { return }
            self.head = nil
            respond(to: head, bodyBytes: bodyBytes, context: context)
        }
    }

    private func respond(to head: HTTPRequestHead, bodyBytes: Int, context: ChannelHandlerContext) {
        let route = RouteHeader.parse(head.headers[RouteHeader.name].first ?? "")
        var headers: [String: [String]] = [:]
        for (name, value) in head.headers { headers[name.lowercased(), default: []].append(value) }
        // Keys in sorted order, as DESIGN.md §7's readers (and the earlier writer) expect them.
        let headerMembers = headers.keys.sorted().map { name in (name, JSONValue.array((headers[name] ?? []).map(JSONValue.string))) }
        let body = JSONValue.object([
            ("ingress", .string(route["ingress"] ?? "")), ("namespace", .string(identity.namespace)), ("port", .string(identity.port)),
            ("replica", .number(identity.replica)),
            ("request", .object([
                ("bodyBytes", .number(bodyBytes)), ("headers", .object(headerMembers)), ("host", .string(head.headers["host"].first ?? "")),
                ("method", .string(head.method.rawValue)), ("path", .string(head.uri)),
                ("tls", .bool((head.headers["x-forwarded-proto"].first ?? "http") == "https")),
            ])),
            ("rule", .object([("host", .string(route["host"] ?? "")), ("path", .string(route["path"] ?? "")), ("pathType", .string(route["pathType"] ?? ""))])),
            ("service", .string(identity.service)),
        ])
        let data = Array(body.serialized(pretty: false).utf8)
        var responseHeaders = HTTPHeaders()
        responseHeaders.add(name: "Content-Type", value: "application/json")
        responseHeaders.add(name: "Content-Length", value: String(data.count))
        let keepAlive = head.isKeepAlive
        if !keepAlive { responseHeaders.add(name: "Connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .ok, headers: responseHeaders))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: data)))), promise: nil)
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let channel = context.channel
            done.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}

/// Starts echo servers on loopback ports of the system's choosing.
public enum EchoBackendServer {
    public static func start(_ identity: EchoIdentity, group: EventLoopGroup) async throws -> (Channel, Endpoint) {
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(EchoHandler(identity: identity))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        return (channel, Endpoint(host: "127.0.0.1", port: port))
    }
}
