import NIOCore
import NIOHTTP1

/// One client request on its way to a backend. Body parts are written upstream as they arrive; the
/// ones that come before the upstream connection is ready wait in `pending`.
final class ForwardedRequest {
    /// The head as the backend receives it (X-Forwarded-*, route header, hop-by-hop headers removed).
    let head: HTTPRequestHead
    let endpoint: Endpoint
    let clientKeepAlive: Bool
    var upstream: Channel?
    var upstreamHandler: UpstreamHandler?
    var pending: [ByteBuffer] = []
    var receivedEnd = false
    /// A response head went to the client: the proxy can no longer answer this request itself.
    var responseStarted = false
    var bodyBytes = 0
    /// Body parts already written upstream, kept (up to `replayLimit` bytes) so that a pooled
    /// connection the backend had closed can be replaced without losing them; nil once over it.
    private(set) var replay: [ByteBuffer]? = []
    private var replayBytes = 0
    static let replayLimit = 64 * 1024

    init(head: HTTPRequestHead, endpoint: Endpoint, clientKeepAlive: Bool) {
        self.head = head
        self.endpoint = endpoint
        self.clientKeepAlive = clientKeepAlive
    }

    var canReplay: Bool { replay != nil }

    func recordSent(_ buffer: ByteBuffer) {
        guard replay != nil else { return }
        replayBytes += buffer.readableBytes
        if replayBytes > Self.replayLimit {
            replay = nil
        } else {
            replay?.append(buffer)
        }
    }

    /// Binds the request to an upstream connection and writes everything read so far: the head, the
    /// parts a previous connection already took (on a retry), the waiting parts and the end. Without
    /// `flush` the caller flushes once it has read what the client sent in the same burst, so that a
    /// head and its end leave in one write.
    func attach(to channel: Channel, handler: UpstreamHandler, flush: Bool) {
        upstream = channel
        upstreamHandler = handler
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        for part in replay ?? [] { channel.write(HTTPClientRequestPart.body(.byteBuffer(part)), promise: nil) }
        let waiting = pending
        pending = []
        for part in waiting {
            recordSent(part)
            channel.write(HTTPClientRequestPart.body(.byteBuffer(part)), promise: nil)
        }
        if receivedEnd { channel.write(HTTPClientRequestPart.end(nil), promise: nil) }
        if flush { channel.flush() }
    }

    /// Forgets the connection, keeping what was sent, before a retry on a new one.
    func detach() {
        upstream = nil
        upstreamHandler = nil
    }
}
