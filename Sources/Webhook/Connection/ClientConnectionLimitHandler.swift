import NIOConcurrencyHelpers
import NIOCore

/// Open connections per client address, shared by every connection of one server.
final class ClientConnectionCounts: Sendable {
    let limit: Int
    private let counts = NIOLockedValueBox<[String: Int]>([:])

    init(limit: Int) {
        self.limit = limit
    }

    /// Counts a connection in; false (and nothing counted) when the client is at its limit.
    func admit(_ client: String) -> Bool {
        counts.withLockedValue { counts in
            let current = counts[client, default: 0]
            guard current < limit else { return false }
            counts[client] = current + 1
            return true
        }
    }

    func release(_ client: String) {
        counts.withLockedValue { counts in
            guard let current = counts[client] else { return }
            counts[client] = current > 1 ? current - 1 : nil
        }
    }

    func count(_ client: String) -> Int { counts.withLockedValue { $0[client, default: 0] } }
}

/// Closes a connection at once when its client already holds `limit` of them: no pod that can
/// reach the webhook's port may take all its connections. First in the pipeline, so a refused
/// client costs no TLS handshake.
final class ClientConnectionLimitHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    private let counts: ClientConnectionCounts
    private let onRefuse: @Sendable (String) -> Void
    private var client: String?
    private var judged = false

    init(counts: ClientConnectionCounts, onRefuse: @escaping @Sendable (String) -> Void) {
        self.counts = counts
        self.onRefuse = onRefuse
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { judge(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        judge(context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        release()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        release()
    }

    private func judge(context: ChannelHandlerContext) {
        guard !judged else { return }
        judged = true
        let address = context.channel.remoteAddress?.ipAddress ?? "unknown"
        if counts.admit(address) {
            client = address
        } else {
            onRefuse(address)
            context.close(promise: nil)
        }
    }

    private func release() {
        if let client { counts.release(client) }
        client = nil
    }
}
