import NIOCore
import NIOExtras
import NIOPosix
import ServiceLifecycle

/// One listening socket of the webhook as a service of its group. Bound when the group starts;
/// on graceful shutdown it stops accepting, closes idle connections and lets each busy one finish
/// the request in flight before it closes.
struct HTTPListener: Service {
    let host: String
    let port: Int
    /// Sets up a new connection's pipeline (on its event loop).
    let connection: @Sendable (any Channel) throws -> Void
    /// Hears the bound port (useful with port 0).
    let bound: @Sendable (Int) -> Void

    func run() async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let quiescing = ServerQuiescingHelper(group: group)
        let connection = self.connection
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(quiescing.makeServerChannelHandler(channel: channel))
                }
            }
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try connection(channel) }
            }
            .bind(host: host, port: port).get()
        bound(channel.localAddress?.port ?? 0)
        try? await gracefulShutdown()
        let drained = group.next().makePromise(of: Void.self)
        quiescing.initiateShutdown(promise: drained)
        try? await drained.futureResult.get()
    }
}
