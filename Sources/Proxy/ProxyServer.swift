import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

public struct ProxyConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var upstreamTimeout: TimeAmount
    public var connectTimeout: TimeAmount
    public var maxBodyBytes: Int
    /// `http` or `https`, for X-Forwarded-Proto.
    public var scheme: String

    public init(host: String, port: Int, upstreamTimeout: TimeAmount = .seconds(30), connectTimeout: TimeAmount = .seconds(5), maxBodyBytes: Int = 16 * 1024 * 1024, scheme: String = "http") {
        self.host = host
        self.port = port
        self.upstreamTimeout = upstreamTimeout
        self.connectTimeout = connectTimeout
        self.maxBodyBytes = maxBodyBytes
        self.scheme = scheme
    }
}

/// The reference proxy: an HTTP/1.1 server whose every request is routed by the shared route table.
public final class ProxyServer: Sendable {
    public static let serverName = "ingress-guard"

    private let routing: NIOLockedValueBox<ProxyRouting>
    private let configuration: ProxyConfiguration

    public init(routing: ProxyRouting, configuration: ProxyConfiguration) {
        self.routing = NIOLockedValueBox(routing)
        self.configuration = configuration
    }

    /// Swaps the route table atomically; requests already routed finish on the old one.
    public func update(_ routing: ProxyRouting) {
        self.routing.withLockedValue { $0 = routing }
    }

    /// Binds and starts accepting; returns the listening channel (its local address has the port).
    public func start(group: EventLoopGroup) async throws -> Channel {
        let routing = self.routing
        let configuration = self.configuration
        return try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withPipeliningAssistance: true, withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(ProxyRequestHandler(
                        routing: { routing.withLockedValue { $0 } }, configuration: configuration))
                }
            }
            .bind(host: configuration.host, port: configuration.port).get()
    }
}
