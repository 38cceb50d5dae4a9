import NIOCore
import NIOExtras
import NIOPosix
import Serving

/// One listening socket of the webhook as one of its services. Bound when the services start;
/// on stop it stops accepting, closes idle connections and lets each busy one finish
/// the request in flight before it closes.
struct HTTPListener: WebhookService {
    /// The flag that set the address, for an error that says which port could not be had.
    let flag: String
    let host: String
    let port: Int
    /// Sets up a new connection's pipeline (on its event loop).
    let connection: @Sendable (any Channel) throws -> Void
    /// Hears the bound port (useful with port 0).
    let bound: @Sendable (Int) -> Void

    func run(until stop: OneShotEvent<Void>) async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let quiescing = ServerQuiescingHelper(group: group)
        let connection = self.connection
        let bootstrap = ServerBootstrap(group: group)
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
        let channel: any Channel
        do {
            channel = try await bootstrap.bind(host: host, port: port).get()
        } catch {
            throw ListenError(flag: flag, host: host, port: port, cause: error)
        }
        bound(channel.localAddress?.port ?? 0)
        _ = await stop.wait()
        let drained = group.next().makePromise(of: Void.self)
        quiescing.initiateShutdown(promise: drained)
        try? await drained.futureResult.get()
    }
}

/// A port the webhook could not listen on, named with the flag that chose it.
struct ListenError: Error, CustomStringConvertible {
    let flag: String
    let host: String
    let port: Int
    let cause: any Error

    var description: String {
        let reason = (cause as? IOError).map { String(cString: strerror($0.errnoCode)) } ?? "\(cause)"
        return "cannot listen on \(host):\(port) (\(flag)): \(reason)"
    }
}
