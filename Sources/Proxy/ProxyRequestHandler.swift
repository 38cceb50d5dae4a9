import Logging
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Routing

/// What the proxy routes with; swapped as a whole when the inputs change.
public struct ProxyRouting: Sendable {
    public var table: ClassRouteTable
    public var directory: BackendDirectory
    /// Set when a TLS listener serves the table.
    public var certificates: ProxyCertificates?

    public init(table: ClassRouteTable, directory: BackendDirectory, certificates: ProxyCertificates? = nil) {
        self.table = table
        self.directory = directory
        self.certificates = certificates
    }
}

/// Routes each request of one client connection through the shared route table and forwards it to
/// the chosen backend. Request bodies are read whole (up to `maxBodyBytes`) before forwarding;
/// responses are relayed part by part.
final class ProxyRequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let routing: @Sendable () -> ProxyRouting
    private let configuration: ProxyConfiguration
    private let pools: UpstreamPools
    private var head: HTTPRequestHead?
    private var body: ByteBuffer?
    private var oversized = false

    init(routing: @escaping @Sendable () -> ProxyRouting, configuration: ProxyConfiguration, pools: UpstreamPools) {
        self.routing = routing
        self.configuration = configuration
        self.pools = pools
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body = nil
            oversized = false
        case .body(var buffer):
            guard !oversized else { return }
            if (body?.readableBytes ?? 0) + buffer.readableBytes > configuration.maxBodyBytes {
                oversized = true
                body = nil
            } else if body == nil {
                body = buffer
            } else {
                body?.writeBuffer(&buffer)
            }
        case .end:
            guard let requestHead = head else { return }
            head = nil
            if oversized {
                respond(context: context, head: requestHead, status: .payloadTooLarge, message: "request body over \(configuration.maxBodyBytes) bytes")
                return
            }
            route(context: context, head: requestHead, body: body)
            body = nil
        }
    }

    private func route(context: ChannelHandlerContext, head: HTTPRequestHead, body: ByteBuffer?) {
        if head.headers["content-length"].count > 1 || (!head.headers["content-length"].isEmpty && !head.headers["transfer-encoding"].isEmpty) {
            respond(context: context, head: head, status: .badRequest, message: "ambiguous request framing (Content-Length with Transfer-Encoding, or twice)")
            return
        }
        let current = routing()
        let host = head.headers["host"].first ?? ""
        let resolution = current.table.resolve(host: host, path: head.uri)
        let started = NIODeadline.now()
        let routeText = RouteHeader.value(for: resolution.outcome)
        let log: @Sendable (HTTPResponseStatus, String) -> Void = { [accessLog = configuration.accessLog] status, backend in
            guard let accessLog else { return }
            let milliseconds = Double((NIODeadline.now() - started).nanoseconds) / 1_000_000
            accessLog.info("\(head.method.rawValue) \(host)\(head.uri) status=\(status.code) backend=\(backend) duration_ms=\(String(format: "%.2f", milliseconds)) route=[\(routeText)]")
        }
        guard let target = resolution.backend else {
            log(.notFound, "-")
            respond(context: context, head: head, status: .notFound, message: "no rule of this IngressClass matches host \(host) path \(head.uri), and no default backend is set")
            return
        }
        guard let (endpoint, _) = current.directory.next(for: target) else {
            log(.serviceUnavailable, "\(target)")
            respond(context: context, head: head, status: .serviceUnavailable, message: "Service \(target) has no endpoints")
            return
        }
        forward(context: context, head: head, body: body, to: endpoint, route: routeText) { status in log(status, "\(target) \(endpoint)") }
    }

    private func forward(
        context: ChannelHandlerContext, head: HTTPRequestHead, body: ByteBuffer?, to endpoint: Endpoint, route: String,
        completed: @escaping (HTTPResponseStatus) -> Void
    ) {
        var upstreamHead = HTTPRequestHead(version: .http1_1, method: head.method, uri: head.uri, headers: head.headers)
        let clientAddress = context.channel.remoteAddress?.ipAddress ?? "unknown"
        let forwardedFor = head.headers["x-forwarded-for"].first.map { "\($0), \(clientAddress)" } ?? clientAddress
        upstreamHead.headers.replaceOrAdd(name: "X-Forwarded-For", value: forwardedFor)
        upstreamHead.headers.replaceOrAdd(name: "X-Forwarded-Proto", value: configuration.scheme)
        upstreamHead.headers.replaceOrAdd(name: "X-Forwarded-Host", value: head.headers["host"].first ?? "")
        upstreamHead.headers.replaceOrAdd(name: RouteHeader.name, value: route)
        upstreamHead.headers.remove(name: "Transfer-Encoding")
        // Hop-by-hop: the client's connection preferences are not the backend's.
        upstreamHead.headers.remove(name: "Connection")
        upstreamHead.headers.remove(name: "Keep-Alive")
        if let body {
            upstreamHead.headers.replaceOrAdd(name: "Content-Length", value: String(body.readableBytes))
        } else if head.method == .GET || head.method == .HEAD {
            upstreamHead.headers.remove(name: "Content-Length")
        } else {
            upstreamHead.headers.replaceOrAdd(name: "Content-Length", value: "0")
        }

        let downstream = context.channel
        let keepAlive = head.isKeepAlive
        let version = head.version
        let failure: (HTTPResponseStatus, String) -> Void = { status, message in
            completed(status)
            Self.writeError(on: downstream, version: version, keepAlive: keepAlive, status: status, message: message)
        }
        let eventLoop = context.eventLoop
        let pool = pools.pool(for: eventLoop)
        let boundPool = NIOLoopBound(pool, eventLoop: eventLoop)
        let timeout = configuration.upstreamTimeout
        let connectTimeout = configuration.connectTimeout

        func send(on channel: Channel, retry: (() -> Void)?) {
            guard let handler = try? channel.pipeline.syncOperations.handler(type: UpstreamHandler.self) else {
                failure(.badGateway, "the connection to the backend \(endpoint) is unusable")
                return
            }
            handler.begin(UpstreamExchange(downstream: downstream, keepAliveDownstream: keepAlive, onFailure: failure, onResponse: completed, retry: retry), channel: channel)
            channel.write(HTTPClientRequestPart.head(upstreamHead), promise: nil)
            if let body { channel.write(HTTPClientRequestPart.body(.byteBuffer(body)), promise: nil) }
            channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        }

        func connectAndSend() {
            ClientBootstrap(group: eventLoop)
                .connectTimeout(connectTimeout)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        try channel.pipeline.syncOperations.addHandler(UpstreamHandler(pool: boundPool.value, endpoint: endpoint, timeout: timeout))
                    }
                }
                .connect(host: endpoint.host, port: endpoint.port)
                .assumeIsolated()
                .whenComplete { result in
                    switch result {
                    case .failure: failure(.badGateway, "cannot connect to the backend \(endpoint)")
                    case .success(let channel): send(on: channel, retry: nil)
                    }
                }
        }

        if let idle = pool.takeIdle(endpoint) {
            send(on: idle, retry: connectAndSend)
        } else {
            connectAndSend()
        }
    }

    private func respond(context: ChannelHandlerContext, head: HTTPRequestHead, status: HTTPResponseStatus, message: String) {
        Self.writeError(on: context.channel, version: head.version, keepAlive: head.isKeepAlive, status: status, message: message)
    }

    static func writeError(on channel: Channel, version: HTTPVersion, keepAlive: Bool, status: HTTPResponseStatus, message: String) {
        let body = "\(status.code) \(status.reasonPhrase): \(message)\n"
        var headers = HTTPHeaders()
        headers.add(name: "Server", value: ProxyServer.serverName)
        headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        headers.add(name: "Content-Length", value: String(body.utf8.count))
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        channel.write(HTTPServerResponsePart.head(HTTPResponseHead(version: version, status: status, headers: headers)), promise: nil)
        channel.write(HTTPServerResponsePart.body(.byteBuffer(channel.allocator.buffer(string: body))), promise: nil)
        channel.writeAndFlush(HTTPServerResponsePart.end(nil)).whenComplete { _ in
            if !keepAlive { channel.close(promise: nil) }
        }
    }
}
