import Logging
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Routing
import StructuredText

/// Routes each request of one client connection through the shared route table and forwards it to
/// the chosen backend as it arrives: the head as soon as it is routed, then each body part. Reading
/// from the client pauses while the backend connection is not writable, so an upload never piles up
/// in the proxy; responses come back through `UpstreamHandler`.
final class ProxyRequestHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let routing: @Sendable () -> ProxyRouting
    private let configuration: ProxyConfiguration
    private let pools: UpstreamPools
    private var machine: ClientConnectionStateMachine
    private var reads = ReadGate()
    private var context: ChannelHandlerContext?
    /// Written to during this read burst and flushed at its end (one write per burst, not per part).
    private var upstreamToFlush: Channel?
    /// The client's address for X-Forwarded-For, formatted on the connection's first request.
    private var clientAddress: String?

    init(routing: @escaping @Sendable () -> ProxyRouting, configuration: ProxyConfiguration, pools: UpstreamPools) {
        self.routing = routing
        self.configuration = configuration
        self.pools = pools
        machine = ClientConnectionStateMachine(maxBodyBytes: configuration.maxBodyBytes)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            machine.headReceived()
            route(context: context, head: head)
        case .body(let buffer):
            let request: ForwardedRequest
            switch machine.bodyReceived(bytes: buffer.readableBytes) {
            case .drop: return
            case .refuseOversized(let refused):
                refuseOversized(context: context, request: refused)
                return
            case .forward(let forwarded): request = forwarded
            }
            if let upstream = request.upstream {
                request.recordSent(buffer)
                upstream.write(HTTPClientRequestPart.body(.byteBuffer(buffer)), promise: nil)
                upstreamToFlush = upstream
                request.upstreamHandler?.touch(channel: upstream)
                if !upstream.isWritable { reads.pause() }
            } else {
                request.pending.append(buffer)
            }
        case .end:
            guard case .forwardEnd(let request) = machine.endReceived() else { return }
            if let upstream = request.upstream {
                upstream.write(HTTPClientRequestPart.end(nil), promise: nil)
                upstreamToFlush = upstream
                request.upstreamHandler?.touch(channel: upstream)
            }
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if let upstream = upstreamToFlush {
            upstreamToFlush = nil
            upstream.flush()
        }
        context.fireChannelReadComplete()
    }

    func read(context: ChannelHandlerContext) {
        reads.read(context)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { machine.current?.upstreamHandler?.resumeReads() }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let request = machine.connectionClosed(), let upstream = request.upstream {
            request.upstreamHandler?.abandon(channel: upstream)
        }
        context.fireChannelInactive()
    }

    /// A request NIO's parser refused (an HTTP/0.9 or HTTP/2.0 request line, bad framing) was
    /// answered 400 by `HTTPServerProtocolErrorHandler`; what follows it on the connection cannot
    /// be framed, so the connection ends with that one answer.
    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if error is HTTPParserError {
            if let request = machine.connectionClosed(), let upstream = request.upstream {
                request.upstreamHandler?.abandon(channel: upstream)
            }
            context.close(promise: nil)
            return
        }
        context.fireErrorCaught(error)
    }

    private func resumeReads() {
        reads.resume(context)
    }

    /// A body over the limit: 413 while no response has started, else the connection is cut.
    private func refuseOversized(context: ChannelHandlerContext, request: ForwardedRequest) {
        request.pending = []
        if let upstream = request.upstream { request.upstreamHandler?.abandon(channel: upstream) }
        guard !request.responseStarted else {
            // A second response head on this connection would be a protocol error (and NIO's
            // server handlers trap on one): the client sees its response cut short instead.
            context.close(promise: nil)
            return
        }
        Self.writeError(
            on: context.channel, version: request.head.version, keepAlive: false, status: .payloadTooLarge,
            message: "request body over \(configuration.maxBodyBytes) bytes")
    }

    private func route(context: ChannelHandlerContext, head: HTTPRequestHead) {
        let expectsBody = !head.headers["transfer-encoding"].isEmpty || (head.headers["content-length"].first.flatMap { Int($0) } ?? 0) > 0
        // An answer the proxy gives itself before the body is read ends the connection.
        let answer: (HTTPResponseStatus, String) -> Void = { [self] status, message in
            machine.answered()
            Self.writeError(on: context.channel, version: head.version, keepAlive: head.isKeepAlive && !expectsBody, status: status, message: message)
        }
        if head.headers["content-length"].count > 1 || (!head.headers["content-length"].isEmpty && !head.headers["transfer-encoding"].isEmpty) {
            answer(.badRequest, "ambiguous request framing (Content-Length with Transfer-Encoding, or twice)")
            return
        }
        let headerBytes = head.uri.utf8.count + head.headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 4 }
        if headerBytes > configuration.maxHeaderBytes {
            answer(.requestHeaderFieldsTooLarge, "request head over \(configuration.maxHeaderBytes) bytes")
            return
        }
        if let length = head.headers["content-length"].first.flatMap({ Int($0) }), length > configuration.maxBodyBytes {
            answer(.payloadTooLarge, "request body over \(configuration.maxBodyBytes) bytes")
            return
        }
        if head.method == .CONNECT {
            // A tunnel is no request to route: nginx refuses it too, and closes.
            machine.answered()
            Self.writeError(
                on: context.channel, version: head.version, keepAlive: false, status: .methodNotAllowed,
                message: "CONNECT is not proxied by ingress-guard's reference proxy")
            return
        }
        if !head.headers["upgrade"].isEmpty {
            // The client means to speak another protocol on this connection: it ends here.
            machine.answered()
            Self.writeError(
                on: context.channel, version: head.version, keepAlive: false, status: .notImplemented,
                message: "protocol upgrades (WebSocket) are not proxied by ingress-guard's reference proxy")
            return
        }
        let routed: RoutedTarget
        switch RoutedTarget.read(head) {
        case .success(let read): routed = read
        case .failure(let refusal):
            answer(.badRequest, refusal.message)
            return
        }
        let current = routing()
        let host = routed.host
        let decision = current.table.decide(
            RoutingRequest(scheme: configuration.scheme, host: host, target: routed.path, headers: head.headers)
        ) { key in
            guard let key else { return false }
            return current.directory.hasEndpoints(key)
        }
        // Nil without an access log: a call `log?(…)` then builds none of its texts.
        let log: (@Sendable (HTTPResponseStatus, String, String) -> Void)? = configuration.accessLog.map { accessLog in
            let started = NIODeadline.now()
            return { status, backend, routeText in
                let milliseconds = Double((NIODeadline.now() - started).nanoseconds) / 1_000_000
                // What a client wrote is quoted and escaped when it holds anything but visible ASCII: a
                // crafted value cannot forge another field or line.
                accessLog.info("\(head.method.rawValue) \(Self.logField(host + routed.path)) status=\(status.code) backend=\(backend) duration_ms=\(String(format: "%.2f", milliseconds)) route=[\(routeText)]")
            }
        }
        let chosen: ForwardTarget
        switch decision.action {
        case .forward(let target):
            chosen = target
        case .split(let main, let canary, let weight, let total):
            // balancer.lua: `math.random(weight_total) <= weight` sends the request to the canary.
            chosen = Int.random(in: 1...max(total, 1)) <= weight ? canary : main
        case .redirect(let status, let location):
            let code = HTTPResponseStatus(statusCode: status)
            log?(code, "-", decision.reason)
            machine.answered()
            Self.writeRedirect(on: context.channel, version: head.version, keepAlive: head.isKeepAlive && !expectsBody, status: code, location: location)
            return
        case .answer(let status):
            log?(HTTPResponseStatus(statusCode: status), decision.target.map { "\($0.backend)" } ?? "-", decision.reason)
            if status == 404 {
                answer(.notFound, "no rule of this IngressClass matches host \(host) path \(head.uri), and no default backend is set")
            } else {
                answer(HTTPResponseStatus(statusCode: status), decision.reason)
            }
            return
        }
        let routeText = RouteHeader.value(for: chosen)
        let target = chosen.backend
        guard let key = chosen.backendKey, let (endpoint, _) = current.directory.next(for: key) else {
            log?(.serviceUnavailable, "\(target)", routeText)
            answer(.serviceUnavailable, "Service \(target) has no endpoints")
            return
        }
        // HTTP/1.0 has no chunked framing of its own: a body sent that way ends the connection (RFC 9112 §6.1).
        let http10 = head.version.major == 1 && head.version.minor == 0
        let keepAlive = head.isKeepAlive && !(http10 && !head.headers["transfer-encoding"].isEmpty)
        let request = ForwardedRequest(
            head: upstreamHead(for: head, target: routed, path: chosen.upstreamTarget, context: context, route: routeText), endpoint: endpoint, clientKeepAlive: keepAlive)
        machine.routed(request)
        if Self.expectsContinue(head) {
            // As nginx: the proxy itself tells the client to send the body it is about to read (a
            // client that waits for this would otherwise wait out its own timeout).
            context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .continue))), promise: nil)
        }
        forward(context: context, request: request) { status in log?(status, "\(target) \(endpoint)", routeText) }
    }

    private func upstreamHead(for head: HTTPRequestHead, target: RoutedTarget, path: String, context: ChannelHandlerContext, route: String) -> HTTPRequestHead {
        var upstreamHead = HTTPRequestHead(version: .http1_1, method: head.method, uri: path, headers: head.headers)
        // Absolute-form: the backend gets origin-form and the authority as its Host (RFC 9112 §3.2.2).
        if target.absolute { upstreamHead.headers.replaceOrAdd(name: "Host", value: target.host) }
        if clientAddress == nil { clientAddress = context.channel.remoteAddress?.ipAddress ?? "unknown" }
        let clientAddress = self.clientAddress ?? "unknown"
        let forwardedFor = head.headers["x-forwarded-for"].first.map { "\($0), \(clientAddress)" } ?? clientAddress
        upstreamHead.headers.replaceOrAdd(name: "X-Forwarded-For", value: forwardedFor)
        upstreamHead.headers.replaceOrAdd(name: "X-Forwarded-Proto", value: configuration.scheme)
        upstreamHead.headers.replaceOrAdd(name: "X-Forwarded-Host", value: target.host)
        upstreamHead.headers.replaceOrAdd(name: RouteHeader.name, value: route)
        // Hop-by-hop: the client's connection preferences are not the backend's.
        upstreamHead.headers.remove(name: "Connection")
        upstreamHead.headers.remove(name: "Keep-Alive")
        // The client got its 100 Continue from the proxy; the backend is sent the body as it comes.
        upstreamHead.headers.remove(name: "Expect")
        if !head.headers["transfer-encoding"].isEmpty {
            // The body is re-chunked toward the backend as it streams.
            upstreamHead.headers.replaceOrAdd(name: "Transfer-Encoding", value: "chunked")
        } else if head.headers["content-length"].isEmpty && head.method != .GET && head.method != .HEAD {
            upstreamHead.headers.replaceOrAdd(name: "Content-Length", value: "0")
        }
        return upstreamHead
    }

    private func forward(context: ChannelHandlerContext, request: ForwardedRequest, completed: @escaping (HTTPResponseStatus) -> Void) {
        let endpoint = request.endpoint
        let downstream = context.channel
        let version = request.head.version
        let failure: (HTTPResponseStatus, String) -> Void = { [self] status, message in
            completed(status)
            machine.exchangeFailed(request)
            Self.writeError(
                on: downstream, version: version, keepAlive: request.clientKeepAlive && request.receivedEnd, status: status, message: message)
        }
        let finished: () -> Void = { [self] in
            machine.exchangeFinished(request)
            resumeReads()
        }
        let eventLoop = context.eventLoop
        let pool = pools.pool(for: eventLoop)
        let boundPool = NIOLoopBound(pool, eventLoop: eventLoop)
        let timeout = configuration.upstreamTimeout
        let connectTimeout = configuration.connectTimeout

        func send(on channel: Channel, retry: (() -> Void)?, fromPool: Bool) {
            guard machine.isCurrent(request) else {
                // The client went away or was answered while the connection was being made.
                pool.release(channel, to: endpoint)
                return
            }
            guard let handler = try? channel.pipeline.syncOperations.handler(type: UpstreamHandler.self) else {
                finished()
                failure(.badGateway, "the connection to the backend \(endpoint) is unusable")
                return
            }
            handler.begin(
                UpstreamExchange(
                    request: request, downstream: downstream, onFailure: failure, onResponse: completed, onFinished: finished,
                    onWritable: { [self] in resumeReads() }, retry: retry),
                channel: channel)
            request.attach(to: channel, handler: handler, flush: !fromPool)
            if fromPool { upstreamToFlush = channel }
        }

        func connectAndSend() {
            ClientBootstrap(group: eventLoop)
                .connectTimeout(connectTimeout)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        // The request-target goes upstream as the client sent it, as nginx sends it:
                        // NIO's outbound check refuses `| { } ^ " < >` (query strings carry them,
                        // `?family=Roboto|Open+Sans`), and a refused write left the request to time
                        // out as a 504. The inbound parser already refused what could split a
                        // request (CR, LF, NUL, spaces), and the headers added here are checked.
                        try channel.pipeline.syncOperations.addHTTPClientHandlers(enableOutboundHeaderValidation: false)
                        try channel.pipeline.syncOperations.addHandler(UpstreamHandler(pool: boundPool.value, endpoint: endpoint, timeout: timeout))
                    }
                }
                .connect(host: endpoint.host, port: endpoint.port)
                .assumeIsolated()
                .whenComplete { [self] result in
                    switch result {
                    case .failure:
                        guard machine.isCurrent(request) else { return }
                        finished()
                        failure(.badGateway, "cannot connect to the backend \(endpoint)")
                    case .success(let channel): send(on: channel, retry: nil, fromPool: false)
                    }
                }
        }

        if let idle = pool.takeIdle(endpoint) {
            send(on: idle, retry: connectAndSend, fromPool: true)
        } else {
            connectAndSend()
        }
    }

    /// `Expect: 100-continue` on an HTTP/1.1 request (RFC 9110 §10.1.1: an HTTP/1.0 client is
    /// never sent a 1xx).
    static func expectsContinue(_ head: HTTPRequestHead) -> Bool {
        head.version.major == 1 && head.version.minor >= 1
            && head.headers["expect"].contains { $0.trimmingCharacters(in: .whitespaces).lowercased() == "100-continue" }
    }

    /// The text as is when it is visible ASCII without quotes, else as a JSON string literal.
    static func logField(_ text: String) -> String {
        text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") }) ? text : JSONValue.quoted(text)
    }

    /// A redirect the routing decided (ingress-nginx's ssl-redirect, app-root, permanent-redirect…).
    static func writeRedirect(on channel: Channel, version: HTTPVersion, keepAlive: Bool, status: HTTPResponseStatus, location: String) {
        writeAnswer(on: channel, version: version, keepAlive: keepAlive, status: status, body: "\(status.code) \(status.reasonPhrase)\n", extra: [("Location", location)])
    }

    static func writeError(on channel: Channel, version: HTTPVersion, keepAlive: Bool, status: HTTPResponseStatus, message: String) {
        writeAnswer(on: channel, version: version, keepAlive: keepAlive, status: status, body: "\(status.code) \(status.reasonPhrase): \(message)\n", extra: [])
    }

    /// An answer the proxy gives itself: a small text body, closing the connection unless kept alive.
    private static func writeAnswer(
        on channel: Channel, version: HTTPVersion, keepAlive: Bool, status: HTTPResponseStatus, body: String, extra: [(String, String)]
    ) {
        // 1xx, 204 and 304 answers carry no body (RFC 9110 §6.4.1): one would be read as the next response.
        let body = status.code < 200 || status.code == 204 || status.code == 304 ? "" : body
        var headers = HTTPHeaders()
        headers.add(name: "Server", value: ProxyServer.serverName)
        for (name, value) in extra { headers.add(name: name, value: value) }
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
