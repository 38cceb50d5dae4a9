import NIOCore

/// Holds a channel's reads while the other side of the proxy cannot take more (its socket is full),
/// and lets the one held read through when it can: backpressure for both directions of the proxy.
struct ReadGate {
    private(set) var paused = false
    private var pending = false

    mutating func pause() {
        paused = true
    }

    /// From the handler's `read(context:)`: passes the read on, or keeps it for `resume`.
    mutating func read(_ context: ChannelHandlerContext) {
        if paused {
            pending = true
        } else {
            context.read()
        }
    }

    /// Opens the gate; a read held meanwhile goes through now.
    mutating func resume(_ context: ChannelHandlerContext?) {
        guard paused else { return }
        paused = false
        if pending, let context {
            pending = false
            context.read()
        }
    }
}
