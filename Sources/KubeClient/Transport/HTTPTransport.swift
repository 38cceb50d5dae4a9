import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOHTTPCompression
import NIOPosix
import NIOSSL

/// HTTP/1.1 to one origin (an API server, a webhook) over SwiftNIO, TLS when the scheme is https.
/// Request and answer exchanges reuse keep-alive connections (up to `maxIdle` kept idle) and run
/// on the event loops; a stream (a watch) has a connection of its own, read with backpressure.
/// gzip answers are decoded, at most 200 times their size on the wire.
public final class HTTPTransport: Sendable {
    /// A whole answer.
    public struct Answer: Sendable {
        public var status: HTTPResponseStatus
        public var headers: HTTPHeaders
        public var body: ByteBuffer
    }

    let host: String
    let port: Int
    let tls: NIOSSLContext?
    /// The name the server's certificate must carry, sent as SNI; nil for an IP address, which
    /// NIOSSL checks against the certificate's IP addresses instead.
    let serverName: String?
    let connectTimeout: TimeAmount
    let maxIdle: Int
    private let idle = NIOLockedValueBox<[PooledConnection]>([])
    private let closed = NIOLockedValueBox(false)

    /// `origin`: scheme, host and port (any path is the caller's business). `serverName`: the name
    /// the certificate must carry when it is not the origin's host (kubeconfig's tls-server-name).
    public init(
        origin: URL, tls configuration: TLSConfiguration, serverName: String? = nil, connectTimeout: TimeAmount = .seconds(5), maxIdle: Int = 8
    ) throws {
        guard let host = origin.host, !host.isEmpty else { throw HTTPTransportError.other("no host in \(origin.absoluteString)") }
        let secure = origin.scheme?.lowercased() == "https"
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        port = origin.port ?? (secure ? 443 : 80)
        tls = secure ? try NIOSSLContext(configuration: configuration) : nil
        let isAddress = (try? SocketAddress(ipAddress: self.host, port: 0)) != nil
        self.serverName = secure ? serverName ?? (isAddress ? nil : self.host) : nil
        self.connectTimeout = connectTimeout
        self.maxIdle = maxIdle
    }

    /// The Host header's value.
    var authority: String {
        let name = host.contains(":") ? "[\(host)]" : host
        let secure = tls != nil
        return (secure && port == 443) || (!secure && port == 80) ? name : "\(name):\(port)"
    }

    func head(_ method: HTTPMethod, _ target: String, _ headers: HTTPHeaders, bodyLength: Int?) -> HTTPRequestHead {
        var fields = headers
        fields.replaceOrAdd(name: "Host", value: authority)
        if let bodyLength { fields.replaceOrAdd(name: "Content-Length", value: String(bodyLength)) }
        return HTTPRequestHead(version: .http1_1, method: method, uri: target, headers: fields)
    }

    /// One exchange, its answer read whole (up to `limit` bytes of body) before `deadline`. A kept
    /// connection the server had closed meanwhile is replaced once, before anything was answered.
    public func execute(
        _ method: HTTPMethod, _ target: String, headers: HTTPHeaders = [:], body: ByteBuffer? = nil, limit: Int, deadline: NIODeadline
    ) async throws -> Answer {
        let exchange = PooledConnection.Exchange(head: head(method, target, headers, bodyLength: body?.readableBytes), body: body, limit: limit, deadline: deadline)
        if let kept = takeIdle() {
            do {
                return try await run(exchange, on: kept)
            } catch PooledConnection.Failure.closedBeforeAnswer(let cause) {
                // The server closed the kept connection: a fresh one, once, for a request that
                // may be sent twice; another method's failure is the caller's to judge.
                guard method == .GET || method == .HEAD else { throw Self.answerless(cause) }
            }
        }
        do {
            let (fresh, (answer, reusable)) = try await PooledConnection.open(transport: self, first: exchange)
            if reusable { giveBack(fresh) } else { fresh.close() }
            return answer
        } catch PooledConnection.Failure.closedBeforeAnswer(let cause) {
            throw Self.answerless(cause)
        }
    }

    /// The error of an exchange that got no answer: its cause when known (TLS, a refusal), else
    /// a closed connection.
    static func answerless(_ cause: any Error) -> HTTPTransportError {
        switch HTTPTransportError.classify(cause) {
        case .other(let detail): .connectionClosed(detail)
        case let known: known
        }
    }

    private func run(_ exchange: PooledConnection.Exchange, on connection: PooledConnection) async throws -> Answer {
        do {
            let (answer, reusable) = try await connection.perform(exchange)
            if reusable { giveBack(connection) } else { connection.close() }
            return answer
        } catch {
            connection.close()
            throw error
        }
    }

    /// An exchange whose answer the caller reads as it comes, on a connection of its own that
    /// closes when `consume` returns. The deadline closes it too.
    public func stream<T: Sendable>(
        _ method: HTTPMethod, _ target: String, headers: HTTPHeaders = [:], deadline: NIODeadline,
        _ consume: @Sendable (HTTPResponseHead, inout BodyChunks) async throws -> T
    ) async throws -> T {
        try await PooledConnection.stream(transport: self, head: head(method, target, headers, bodyLength: nil), deadline: deadline, consume)
    }

    /// The most recently kept connection still open, if any.
    private func takeIdle() -> PooledConnection? {
        while let kept = idle.withLockedValue({ $0.popLast() }) {
            if kept.channel.isActive { return kept }
        }
        return nil
    }

    private func giveBack(_ connection: PooledConnection) {
        let refused = closed.withLockedValue { $0 } || idle.withLockedValue { idle -> Bool in
            guard idle.count < maxIdle else { return true }
            idle.append(connection)
            return false
        }
        if refused { connection.close() }
    }

    /// Closes the kept connections; exchanges under way finish on theirs.
    public func shutdown() async {
        closed.withLockedValue { $0 = true }
        for connection in idle.withLockedValue({ idle in defer { idle.removeAll() }; return idle }) { connection.close() }
    }

    /// The channel's handlers, outermost first: TLS, HTTP/1.1, gzip decoding.
    func configure(_ channel: any Channel) throws {
        let pipeline = channel.pipeline.syncOperations
        if let tls { try pipeline.addHandler(NIOSSLClientHandler(context: tls, serverHostname: serverName)) }
        try pipeline.addHTTPClientHandlers()
        try pipeline.addHandler(NIOHTTPResponseDecompressor(limit: .ratio(200)))
    }
}

/// The body of a streamed answer, chunk by chunk as it arrives; nil at its end.
public struct BodyChunks {
    var parts: NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator
    var ended = false

    public mutating func next() async throws -> ByteBuffer? {
        while !ended {
            switch try await parts.next() {
            case .body(let chunk): return chunk
            case .end, nil: ended = true
            case .head: continue
            }
        }
        return nil
    }
}
