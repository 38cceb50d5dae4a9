import Foundation
import ManifestLoader
import NIOCore
import StructuredText

/// One event of a watch stream.
public struct WatchEvent: Sendable {
    public enum Kind: String, Sendable {
        case added = "ADDED", modified = "MODIFIED", deleted = "DELETED", bookmark = "BOOKMARK", error = "ERROR"
    }

    public var kind: Kind
    /// The object's JSON as sent (with kind and apiVersion); for ERROR, the Status.
    public var object: Data
    public var namespace: String
    public var name: String
    public var resourceVersion: String
    /// For ERROR: the Status code (410 when the resourceVersion is too old).
    public var code: Int?
}

extension KubeAPI {
    /// `?watch=1` from `resourceVersion`, with bookmarks; the stream ends when the server ends it
    /// (`timeoutSeconds`) and throws on a broken connection. 410 Gone arrives as an ERROR event.
    public func watch(
        _ resource: APIResource, namespace: String?, resourceVersion: String, fieldSelector: String? = nil, timeoutSeconds: Int = 300
    ) -> AsyncThrowingStream<WatchEvent, Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    var query: [(String, String)] = [
                        ("watch", "1"), ("resourceVersion", resourceVersion), ("allowWatchBookmarks", "true"),
                        ("timeoutSeconds", String(timeoutSeconds)),
                    ]
                    if let fieldSelector { query.append(("fieldSelector", fieldSelector)) }
                    let path = resource.path(namespace: namespace)
                    try await stream(path, query: query, timeout: .seconds(Int64(timeoutSeconds + 30))) { head, body in
                        if head.status.code == 410 {
                            continuation.yield(WatchEvent(kind: .error, object: Data(), namespace: "", name: "", resourceVersion: "", code: 410))
                            return
                        }
                        guard head.status.code == 200 else {
                            var refusal = ByteBuffer()
                            while let chunk = try await body.next(), refusal.readableBytes < 1 << 20 { refusal.writeImmutableBuffer(chunk) }
                            throw KubeError.status(code: Int(head.status.code), path: path, message: Self.statusMessage(refusal) ?? "watch refused")
                        }
                        var pending = Data()
                        while let chunk = try await body.next() {
                            pending.append(contentsOf: chunk.readableBytesView)
                            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                                let line = pending[pending.startIndex..<newline]
                                pending.removeSubrange(pending.startIndex...newline)
                                if let event = Self.parseEvent(Data(line)) { continuation.yield(event) }
                            }
                        }
                        if let event = Self.parseEvent(pending) { continuation.yield(event) }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// The object keeps the server's bytes (and so its key order, as lists do).
    static func parseEvent(_ line: Data) -> WatchEvent? {
        let bytes = Array(line)
        let members = RawJSON.members(bytes)
        guard let typeSpan = members["type"], let objectSpan = members["object"] else { return nil }
        var scanner = RawJSON.Scanner(bytes: bytes, index: typeSpan.lowerBound, end: typeSpan.upperBound)
        guard let type = scanner.readString(), let kind = WatchEvent.Kind(rawValue: type) else { return nil }
        let raw = Data(bytes[objectSpan])
        let body = JSONDocument.parse(raw)
        let metadata = body?["metadata"]
        return WatchEvent(
            kind: kind, object: raw,
            namespace: metadata?["namespace"]?.jsonString ?? "", name: metadata?["name"]?.jsonString ?? "",
            resourceVersion: metadata?["resourceVersion"]?.jsonString ?? "", code: kind == .error ? body?["code"]?.jsonInt : nil)
    }
}
