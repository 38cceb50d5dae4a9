import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

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
        let body: [String: Any] = [
            "service": identity.service, "namespace": identity.namespace, "port": identity.port, "replica": identity.replica,
            "ingress": route["ingress"] ?? "",
            "rule": ["host": route["host"] ?? "", "path": route["path"] ?? "", "pathType": route["pathType"] ?? ""],
            "request": [
                "method": head.method.rawValue, "path": head.uri, "host": head.headers["host"].first ?? "",
                "headers": headers, "tls": (head.headers["x-forwarded-proto"].first ?? "http") == "https",
                "bodyBytes": bodyBytes,
            ],
        ]
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data("{}".utf8)
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
