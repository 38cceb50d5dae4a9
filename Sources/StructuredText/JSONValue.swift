import ParallelWork

/// A JSON value whose objects keep their key order, so output is deterministic and reads in the
/// documented order.
public indirect enum JSONValue: Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    case string(String)
    case number(Int)
    case bool(Bool)
    case null
    /// A number, boolean or null written as its JSON text (from a parsed document).
    case literal(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }

    /// Compact form on one line; `pretty` indents by two spaces. `terminator` ends the text (a
    /// report's final newline) without copying it.
    public func serialized(pretty: Bool = true, terminator: String = "") -> String {
        if let pieces = Self.pieces(of: self, indent: pretty ? 0 : nil) {
            return Self.joined(OrderedResults.compute(count: pieces.count) { Self.write(pieces[$0]) }, terminator: terminator)
        }
        // Measured first, then written into a string of that size: grown by doubling instead, a
        // large report had both the old and the new buffer alive at once.
        var length = ByteCount()
        write(to: &length, indent: pretty ? 0 : nil)
        length.append(terminator)
        // Then written byte by byte into the string's own storage: appending to a String checks
        // its capacity and uniqueness at every piece, and a large report has millions of pieces.
        var complete = false
        let output = String(unsafeUninitializedCapacity: length.count) { storage in
            guard let base = storage.baseAddress else { return 0 }
            var sink = BufferSink(base: base, capacity: storage.count)
            write(to: &sink, indent: pretty ? 0 : nil)
            sink.append(terminator)
            complete = !sink.overflowed && sink.count == length.count
            return sink.count
        }
        if complete { return output }
        // A measure that disagreed with the writing: never the case (tested), and never trusted.
        var appended = ""
        appended.reserveCapacity(length.count)
        write(to: &appended, indent: pretty ? 0 : nil)
        appended.append(terminator)
        return appended
    }

    func write<Sink: JSONSink>(to output: inout Sink, indent: Int?) {
        switch self {
        case .string(let value): Self.escape(value, into: &output)
        case .number(let value): output.append(String(value))
        case .bool(let value): output.append(value ? "true" : "false")
        case .null: output.append("null")
        case .literal(let text): output.append(text)
        case .array(let items):
            if items.isEmpty { output.append("[]"); return }
            output.append("[")
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(",") }
                Self.newline(&output, indent.map { $0 + 1 })
                item.write(to: &output, indent: indent.map { $0 + 1 })
            }
            Self.newline(&output, indent)
            output.append("]")
        case .object(let pairs):
            if pairs.isEmpty { output.append("{}"); return }
            output.append("{")
            for (index, (key, value)) in pairs.enumerated() {
                if index > 0 { output.append(",") }
                Self.newline(&output, indent.map { $0 + 1 })
                Self.escape(key, into: &output)
                output.append(indent == nil ? ":" : ": ")
                value.write(to: &output, indent: indent.map { $0 + 1 })
            }
            Self.newline(&output, indent)
            output.append("}")
        }
    }

    static func newline<Sink: JSONSink>(_ output: inout Sink, _ indent: Int?) {
        guard let indent else { return }
        output.append("\n")
        for _ in 0..<indent { output.append("  ") }
    }

    /// A JSON string literal for the text.
    public static func quoted(_ value: String) -> String {
        var output = ""
        escape(value, into: &output)
        return output
    }

    static func escape<Sink: JSONSink>(_ value: String, into output: inout Sink) {
        // Most texts (names, ids, messages) need no escape: one pass over the bytes says so.
        if !value.utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }) {
            output.append("\"")
            output.append(value)
            output.append("\"")
            return
        }
        output.append("\"")
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output.append("\\\"")
            case "\\": output.append("\\\\")
            case "\n": output.append("\\n")
            case "\r": output.append("\\r")
            case "\t": output.append("\\t")
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    output.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                } else {
                    output.append(scalar)
                }
            }
        }
        output.append("\"")
    }
}

/// Where serialization writes: the text itself, or only its length in bytes.
protocol JSONSink {
    mutating func append(_ text: String)
    mutating func append(_ scalar: Unicode.Scalar)
}

extension String: JSONSink {
    mutating func append(_ scalar: Unicode.Scalar) { unicodeScalars.append(scalar) }
}

/// Writes into storage of a measured size; stops (and says so) rather than write past it.
struct BufferSink: JSONSink {
    let base: UnsafeMutablePointer<UInt8>
    let capacity: Int
    private(set) var count = 0
    private(set) var overflowed = false

    init(base: UnsafeMutablePointer<UInt8>, capacity: Int) {
        self.base = base
        self.capacity = capacity
    }

    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            guard let source = bytes.baseAddress else { return }
            guard count + bytes.count <= capacity else { overflowed = true; return }
            (base + count).initialize(from: source, count: bytes.count)
            count += bytes.count
        }
    }

    mutating func append(_ scalar: Unicode.Scalar) {
        UTF8.encode(scalar) { byte in
            guard count < capacity else { overflowed = true; return }
            (base + count).initialize(to: byte)
            count += 1
        }
    }
}

/// Bytes of one piece of a document written on its own core.
struct ByteSink: JSONSink {
    var bytes: [UInt8] = []
    mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }
    mutating func append(_ scalar: Unicode.Scalar) { UTF8.encode(scalar) { bytes.append($0) } }
}

struct ByteCount: JSONSink {
    var count = 0
    mutating func append(_ text: String) { count += text.utf8.count }
    mutating func append(_ scalar: Unicode.Scalar) { count += UTF8.width(scalar) }
}
