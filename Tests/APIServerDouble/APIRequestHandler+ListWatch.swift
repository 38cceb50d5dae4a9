import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import NIOSSL
import X509

/// Lists (with `limit`/`continue` and selectors) and watches (with bookmarks and 410 Gone).
extension APIRequestHandler {
    func list(_ target: Target, labels: Selector?, fields: Selector?, query: [String: String], context: ChannelHandlerContext) {
        var offset = 0
        if let token = query["continue"], !token.isEmpty {
            guard let decoded = Data(base64Encoded: token).flatMap({ String(data: $0, encoding: .utf8) }),
                let colon = decoded.firstIndex(of: ":"), let revision = Int(decoded[..<colon]),
                let start = Int(decoded[decoded.index(after: colon)...])
            else {
                respond(context, status: .badRequest, json: Self.status(400, reason: "BadRequest", message: "continue key is not valid"))
                return
            }
            if server.store.isCompacted(revision) {
                respond(context, status: .gone, json: Self.status(410, reason: "Expired", message: "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter."))
                return
            }
            offset = start
        }
        let (items, revision) = server.store.list(target.type, namespace: target.namespace, labels: labels, fields: fields)
        var limit = min(Int(query["limit"] ?? "") ?? Int.max, server.configuration.maximumPage)
        if limit <= 0 { limit = server.configuration.maximumPage }
        let page = items.dropFirst(offset).prefix(limit)
        let next = offset + page.count < items.count ? Data("\(revision):\(offset + page.count)".utf8).base64EncodedString() : nil
        var metadata = "\"resourceVersion\":\"\(revision)\""
        if let next { metadata += ",\"continue\":\"\(next)\",\"remainingItemCount\":\(items.count - offset - page.count)" }
        var body = Data("{\"kind\":\"\(target.type.kind)List\",\"apiVersion\":\"\(target.type.apiVersion)\",\"metadata\":{\(metadata)},\"items\":[".utf8)
        for (index, object) in page.enumerated() {
            if index > 0 { body.append(UInt8(ascii: ",")) }
            body.append(object.itemJSON)
        }
        body.append(contentsOf: Array("]}".utf8))
        respond(context, status: .ok, data: body)
    }

    func watch(_ target: Target, labels: Selector?, fields: Selector?, query: [String: String], context: ChannelHandlerContext) {
        let channel = context.channel
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Transfer-Encoding", value: "chunked")
        context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
        // Bookmarks and events may be queued when the stream ends: nothing follows the end.
        let finished = NIOLockedValueBox(false)
        let send: @Sendable (Data) -> Void = { line in
            channel.eventLoop.execute {
                guard !finished.withLockedValue({ $0 }) else { return }
                var buffer = channel.allocator.buffer(capacity: line.count + 1)
                buffer.writeBytes(line)
                buffer.writeInteger(UInt8(ascii: "\n"))
                channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(buffer)), promise: nil)
            }
        }
        let end: @Sendable () -> Void = {
            channel.eventLoop.execute {
                guard !finished.withLockedValue({ let was = $0; $0 = true; return was }) else { return }
                channel.writeAndFlush(HTTPServerResponsePart.end(nil), promise: nil)
            }
        }
        let from = Int(query["resourceVersion"] ?? "") ?? server.store.revision
        let id = server.store.watch(target.type, namespace: target.namespace, labels: labels, fields: fields, from: from) { event in
            var line = Data("{\"type\":\"\(event.type)\",\"object\":".utf8)
            line.append(event.object.json)
            line.append(UInt8(ascii: "}"))
            send(line)
        }
        guard let id else {
            let status = Self.status(410, reason: "Expired", message: "too old resource version: \(from) (\(server.store.revision))")
            send(Data("{\"type\":\"ERROR\",\"object\":".utf8) + status + Data("}".utf8))
            end()
            return
        }
        watchID = id
        if query["allowWatchBookmarks"] == "true" {
            let store = server.store
            let type = target.type
            bookmarks = context.eventLoop.scheduleRepeatedTask(initialDelay: server.configuration.bookmarkInterval, delay: server.configuration.bookmarkInterval) { _ in
                send(Data("{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"\(type.kind)\",\"apiVersion\":\"\(type.apiVersion)\",\"metadata\":{\"resourceVersion\":\"\(store.revision)\"}}}".utf8))
            }
        }
        if let seconds = Int(query["timeoutSeconds"] ?? ""), seconds > 0 {
            let store = server.store
            context.eventLoop.assumeIsolated().scheduleTask(in: .seconds(Int64(seconds))) { [self] in
                store.stopWatching(id)
                watchID = nil
                bookmarks?.cancel()
                bookmarks = nil
                end()
            }
        }
    }
}
