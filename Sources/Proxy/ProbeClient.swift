import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// A one-request HTTP/1.1 client for `verify --serve`: connects to the proxy's own port and sends
/// the Host header and request-target a client behind DNS would send.
public enum ProbeClient {
    public struct Response: Sendable {
        public var status: Int
        public var headers: [(String, String)]
        public var body: [UInt8]
        /// DER of the certificate the proxy presented, for https.
        public var presentedCertificate: [UInt8]?
    }

    /// TLS for a probe: the SNI name, and the only certificates (DER) to accept as the leaf.
    public struct TLSProbe: Sendable {
        public var serverName: String?
        public var trusted: Set<[UInt8]>

        public init(serverName: String?, trusted: Set<[UInt8]>) {
            self.serverName = serverName
            self.trusted = trusted
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static func send(
        to endpoint: Endpoint, method: String, hostHeader: String, target: String, headers: [(String, String)],
        tls: TLSProbe? = nil, group: EventLoopGroup, timeout: TimeAmount = .seconds(10)
    ) async throws -> Response {
        let promise = group.next().makePromise(of: Response.self)
        let presented = PresentedCertificate()
        let context = try tls.map { _ in try NIOSSLContext(configuration: .makeClientConfiguration()) }
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(.seconds(5))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls, let context {
                        // Trust exactly the certificates of the inputs: the leaf must be one of them.
                        let handler = try NIOSSLClientHandler(context: context, serverHostname: tls.serverName) { certificates, verdict in
                            let leaf = (try? certificates.first?.toDERBytes()) ?? nil
                            presented.set(leaf)
                            verdict.succeed(leaf.map { tls.trusted.contains($0) } == true ? .certificateVerified : .failed)
                        }
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(ProbeResponseHandler(promise: promise))
                }
            }
            .connect(host: endpoint.host, port: endpoint.port).get()
        var head = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: method), uri: target)
        head.headers.add(name: "Host", value: hostHeader)
        for (name, value) in headers { head.headers.add(name: name, value: value) }
        head.headers.add(name: "Connection", value: "close")
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        let timer = channel.eventLoop.scheduleTask(in: timeout) {
            promise.fail(Failure(description: "no response within \(timeout.nanoseconds / 1_000_000_000) s"))
            channel.close(promise: nil)
        }
        defer { timer.cancel() }
        var response = try await promise.futureResult.get()
        response.presentedCertificate = presented.get()
        return response
    }
}

/// The leaf the server presented, captured in the verification callback.
final class PresentedCertificate: @unchecked Sendable {
    private let lock = NSLock()
    private var value: [UInt8]?
    func set(_ new: [UInt8]?) { lock.lock(); value = new; lock.unlock() }
    func get() -> [UInt8]? { lock.lock(); defer { lock.unlock() }; return value }
}

final class ProbeResponseHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    private let promise: EventLoopPromise<ProbeClient.Response>
    private var response: ProbeClient.Response?

    init(promise: EventLoopPromise<ProbeClient.Response>) {
        self.promise = promise
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            response = ProbeClient.Response(status: Int(head.status.code), headers: head.headers.map { ($0.name, $0.value) }, body: [])
        case .body(var buffer):
            response?.body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            if let response { promise.succeed(response) }
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(ProbeClient.Failure(description: "the proxy closed the connection without a complete response"))
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        promise.fail(error)
        context.close(promise: nil)
    }
}
