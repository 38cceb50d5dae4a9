import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// Keep-alive connections to backends, one pool per event loop so that a request never leaves
/// its loop: idle connections per endpoint, reused in LIFO order (the warmest first).
final class UpstreamPool {
    private let eventLoop: EventLoop
    private var idle: [Endpoint: [Channel]] = [:]
    static let maxIdlePerEndpoint = 64

    init(eventLoop: EventLoop) {
        self.eventLoop = eventLoop
    }

    /// An idle connection that is still open, or nil.
    func takeIdle(_ endpoint: Endpoint) -> Channel? {
        eventLoop.preconditionInEventLoop()
        while var list = idle[endpoint], let channel = list.popLast() {
            idle[endpoint] = list
            if channel.isActive { return channel }
        }
        return nil
    }

    func release(_ channel: Channel, to endpoint: Endpoint) {
        eventLoop.preconditionInEventLoop()
        guard channel.isActive else { return }
        var list = idle[endpoint, default: []]
        guard list.count < Self.maxIdlePerEndpoint else {
            channel.close(promise: nil)
            return
        }
        list.append(channel)
        idle[endpoint] = list
    }
}

/// One pool per event loop, created on first use.
final class UpstreamPools: Sendable {
    private let pools = NIOLockedValueBox<[ObjectIdentifier: NIOLoopBound<UpstreamPool>]>([:])

    func pool(for eventLoop: EventLoop) -> UpstreamPool {
        let key = ObjectIdentifier(eventLoop)
        if let existing = pools.withLockedValue({ $0[key] }) { return existing.value }
        let pool = UpstreamPool(eventLoop: eventLoop)
        pools.withLockedValue { $0[key] = NIOLoopBound(pool, eventLoop: eventLoop) }
        return pool
    }
}
