import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

public struct ProxyConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var upstreamTimeout: TimeAmount
    public var connectTimeout: TimeAmount
    public var maxBodyBytes: Int
    /// Request line and headers together; the HTTP parser refuses anything over 80 KiB on its own.
    public var maxHeaderBytes: Int
    /// `http` or `https`, for X-Forwarded-Proto.
    public var scheme: String
    /// A request head must arrive in full within this time (slowloris).
    public var headerTimeout: TimeAmount
    /// A keep-alive connection without a request for this long is closed.
    public var idleTimeout: TimeAmount
    /// One line per request: route, backend, status, duration.
    public var accessLog: Logger?

    public init(
        host: String, port: Int, upstreamTimeout: TimeAmount = .seconds(30), connectTimeout: TimeAmount = .seconds(5),
        maxBodyBytes: Int = 16 * 1024 * 1024, scheme: String = "http", headerTimeout: TimeAmount = .seconds(10),
        idleTimeout: TimeAmount = .seconds(60), maxHeaderBytes: Int = 32 * 1024
    ) {
        self.maxHeaderBytes = maxHeaderBytes
        self.host = host
        self.port = port
        self.upstreamTimeout = upstreamTimeout
        self.connectTimeout = connectTimeout
        self.maxBodyBytes = maxBodyBytes
        self.scheme = scheme
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
        self.accessLog = nil
    }
}

/// The reference proxy: an HTTP/1.1 server whose every request is routed by the shared route table.
public final class ProxyServer: Sendable {
    public static let serverName = "ingress-guard"

    private let routing: NIOLockedValueBox<ProxyRouting>
    private let configuration: ProxyConfiguration
    private let pools = UpstreamPools()
    private let inFlight = InFlightCounter()

    /// Requests received and not yet answered.
    public var requestsInFlight: Int { inFlight.current }

    /// Waits until no request is in flight, or `limit` passes; call after closing the listeners.
    public func drain(limit: TimeAmount) async {
        let deadline = NIODeadline.now() + limit
        while inFlight.current > 0 && NIODeadline.now() < deadline {
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
    }

    public init(routing: ProxyRouting, configuration: ProxyConfiguration) {
        self.routing = NIOLockedValueBox(routing)
        self.configuration = configuration
    }

    /// Swaps the route table atomically; requests already routed finish on the old one.
    public func update(_ routing: ProxyRouting) {
        self.routing.withLockedValue { $0 = routing }
    }

    /// Binds a TLS listener: the certificate is chosen per connection from the SNI name through the
    /// route table's TLS bindings (a self-signed default for hosts without one); TLS 1.2 and 1.3 only.
    public func startTLS(group: EventLoopGroup, host: String, port: Int) async throws -> Channel {
        let routing = self.routing
        let initial = routing.withLockedValue { $0 }
        guard let certificates = initial.certificates else { throw NIOSSLError.failedToLoadCertificate }
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: certificates.defaultPair.chain.map { .certificate($0) },
            privateKey: .privateKey(certificates.defaultPair.key))
        tls.minimumTLSVersion = .tlsv12
        tls.sslContextCallback = { values, promise in
            let current = routing.withLockedValue { $0 }
            let pair = current.certificates?.pair(forServerName: values.serverHostname, table: current.table) ?? certificates.defaultPair
            var override = NIOSSLContextConfigurationOverride()
            override.certificateChain = pair.chain.map { .certificate($0) }
            override.privateKey = .privateKey(pair.key)
            promise.succeed(override)
        }
        let context = try NIOSSLContext(configuration: tls)
        var configuration = self.configuration
        configuration.scheme = "https"
        return try await bind(group: group, host: host, port: port, configuration: configuration) { channel in
            try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
        }
    }

    /// Binds and starts accepting; returns the listening channel (its local address has the port).
    public func start(group: EventLoopGroup) async throws -> Channel {
        try await bind(group: group, host: configuration.host, port: configuration.port, configuration: configuration) { _ in }
    }

    private func bind(
        group: EventLoopGroup, host: String, port: Int, configuration: ProxyConfiguration,
        prepare: @escaping @Sendable (Channel) throws -> Void
    ) async throws -> Channel {
        let routing = self.routing
        let pools = self.pools
        let inFlight = self.inFlight
        return try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try prepare(channel)
                    try channel.pipeline.syncOperations.addHandler(RequestLineGuard())
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withPipeliningAssistance: true, withErrorHandling: true)
                    let pipelining = try channel.pipeline.syncOperations.handler(type: HTTPServerPipelineHandler.self)
                    try channel.pipeline.syncOperations.addHandler(
                        ClientConnectionWatch(headerTimeout: configuration.headerTimeout, idleTimeout: configuration.idleTimeout, counter: inFlight),
                        position: .before(pipelining))
                    try channel.pipeline.syncOperations.addHandler(ProxyRequestHandler(
                        routing: { routing.withLockedValue { $0 } }, configuration: configuration, pools: pools))
                }
            }
            .bind(host: host, port: port).get()
    }
}
