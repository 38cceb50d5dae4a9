import ParallelWork

/// A large document written on all cores: a report of 10,000 Ingresses is megabytes of text, and
/// writing it on one core kept the other idle at the very end of a lint. The top-level object's
/// long arrays are cut into runs of items; each run is written on its own, and the pieces are
/// joined in order into the same text the sequential writer makes (a test compares the two).
extension JSONValue {
    /// One piece of the document: text around the long arrays, or a run of one array's items.
    enum Piece: Sendable {
        case text(String)
        /// Items written at `indent`, each after a comma unless it is the array's first.
        case items(ArraySlice<JSONValue>, indent: Int?, first: Bool)
    }

    /// Items per piece: big enough that a piece is worth a thread's time.
    static let itemsPerPiece = 1024

    /// The pieces of a top-level object with an array of at least two pieces' items; nil for any
    /// other document, which the sequential writer writes.
    static func pieces(of value: JSONValue, indent: Int?) -> [Piece]? {
        guard case .object(let pairs) = value,
            pairs.contains(where: { if case .array(let items) = $0.1 { return items.count >= 2 * itemsPerPiece }; return false })
        else { return nil }
        var pieces: [Piece] = []
        var text = ""
        let inner = indent.map { $0 + 1 }
        text.append("{")
        for (index, (key, member)) in pairs.enumerated() {
            if index > 0 { text.append(",") }
            newline(&text, inner)
            escape(key, into: &text)
            text.append(indent == nil ? ":" : ": ")
            guard case .array(let items) = member, items.count >= 2 * itemsPerPiece else {
                member.write(to: &text, indent: inner)
                continue
            }
            text.append("[")
            pieces.append(.text(text))
            text = ""
            for start in stride(from: items.startIndex, to: items.endIndex, by: itemsPerPiece) {
                let end = min(start + itemsPerPiece, items.endIndex)
                pieces.append(.items(items[start..<end], indent: inner.map { $0 + 1 }, first: start == items.startIndex))
            }
            newline(&text, inner)
            text.append("]")
        }
        newline(&text, indent)
        text.append("}")
        pieces.append(.text(text))
        return pieces
    }

    static func write(_ piece: Piece) -> [UInt8] {
        var sink = ByteSink()
        switch piece {
        case .text(let text):
            sink.append(text)
        case .items(let items, let indent, let first):
            for (offset, item) in items.enumerated() {
                if offset > 0 || !first { sink.append(",") }
                newline(&sink, indent)
                item.write(to: &sink, indent: indent)
            }
        }
        return sink.bytes
    }

    /// The pieces, then the terminator, in one string of their exact size.
    static func joined(_ pieces: [[UInt8]], terminator: String) -> String {
        let tail = Array(terminator.utf8)
        let total = pieces.reduce(tail.count) { $0 + $1.count }
        return String(unsafeUninitializedCapacity: total) { storage in
            guard let target = storage.baseAddress else { return 0 }
            var offset = 0
            for bytes in pieces + [tail] {
                bytes.withUnsafeBufferPointer { source in
                    guard let base = source.baseAddress else { return }
                    (target + offset).initialize(from: base, count: source.count)
                    offset += source.count
                }
            }
            return offset
        }
    }
}
