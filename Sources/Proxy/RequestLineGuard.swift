import NIOCore

/// Answers an HTTP/0.9 request line (`GET /` with no version) with one 400 and closes. NIO's
/// parser takes such a line for the start of a head and waits for header lines that an HTTP/0.9
/// client never sends: both sides then wait out the header timeout. It watches the connection's
/// first request line only, passing every byte on as it comes, and leaves the pipeline once that
/// line is whole (later lines are the HTTP decoder's: a client that spoke HTTP/1.x once does not
/// turn to HTTP/0.9).
final class RequestLineGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// Past this the line is left to the decoder, which bounds a head on its own.
    static let longestLine = 16 * 1024
    private var line: [UInt8] = []
    /// Set once the 400 is on its way: what else the client sends is dropped until the close.
    private var refused = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if refused { return }
        let buffer = unwrapInboundIn(data)
        for byte in buffer.readableBytesView {
            if byte == UInt8(ascii: "\n") {
                // RFC 9112 §2.2: empty lines before a request line are ignored.
                if line.isEmpty || line == [UInt8(ascii: "\r")] {
                    line = []
                    continue
                }
                if Self.lacksVersion(line) {
                    refused = true
                    line = []
                    refuse(context: context)
                } else {
                    context.fireChannelRead(data)
                    context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
                }
                return
            }
            line.append(byte)
            if line.count > Self.longestLine {
                context.fireChannelRead(data)
                context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
                return
            }
        }
        context.fireChannelRead(data)
    }

    /// A request line is `method SP target SP HTTP-version`; an HTTP/0.9 one has two parts.
    static func lacksVersion(_ line: [UInt8]) -> Bool {
        var text = line
        if text.last == UInt8(ascii: "\r") { text.removeLast() }
        let parts = text.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: true)
        guard let last = parts.last, parts.count >= 3 else { return true }
        return !last.starts(with: Array("HTTP/".utf8))
    }

    private func refuse(context: ChannelHandlerContext) {
        let body = "400 Bad Request: HTTP/0.9 requests are not served\n"
        let answer = "HTTP/1.1 400 Bad Request\r\nServer: \(ProxyServer.serverName)\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body
        // Written below the HTTP encoder: no HTTP/1.x response is in progress on this connection.
        let channel = context.channel
        context.writeAndFlush(NIOAny(channel.allocator.buffer(string: answer))).whenComplete { _ in
            channel.close(promise: nil)
        }
    }
}
