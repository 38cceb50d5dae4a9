import NIOCore
import NIOHTTP1

/// One whole response of the webhook's two servers, written in a single flush.
struct HTTPAnswer: Sendable {
    var status: HTTPResponseStatus
    var contentType: String
    var body: [UInt8]
    var headers: [(String, String)] = []

    static let serverName = "ingress-guard"

    /// Writes the answer; closes the connection after it when `keepAlive` is false.
    func write(to context: ChannelHandlerContext, version: HTTPVersion, keepAlive: Bool, wrap: (HTTPServerResponsePart) -> NIOAny) {
        var fields = HTTPHeaders()
        fields.reserveCapacity(4 + headers.count)
        fields.add(name: "Server", value: Self.serverName)
        fields.add(name: "Content-Type", value: contentType)
        fields.add(name: "Content-Length", value: String(body.count))
        for (name, value) in headers { fields.add(name: name, value: value) }
        if !keepAlive { fields.add(name: "Connection", value: "close") }
        var buffer = context.channel.allocator.buffer(capacity: body.count)
        buffer.writeBytes(body)
        context.write(wrap(.head(HTTPResponseHead(version: version, status: status, headers: fields))), promise: nil)
        context.write(wrap(.body(.byteBuffer(buffer))), promise: nil)
        if keepAlive {
            context.writeAndFlush(wrap(.end(nil)), promise: nil)
        } else {
            let channel = context.channel
            context.writeAndFlush(wrap(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
