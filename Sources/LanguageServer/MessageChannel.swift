import Foundation

/// JSON-RPC messages over the Language Server Protocol's base protocol: a `Content-Length` header,
/// a blank line, then that many bytes of JSON. Reads and writes whole messages; a malformed
/// header or body is reported, never trusted.
final class MessageChannel: @unchecked Sendable {
    private let input: FileHandle
    private let output: FileHandle
    private var buffer = Data()
    private let writeLock = NSLock()
    /// The largest message accepted: a document of a few megabytes is plenty.
    static let maximumLength = 64 * 1024 * 1024

    enum ReadError: Error, CustomStringConvertible {
        case malformedHeader(String)
        case tooLarge(Int)

        var description: String {
            switch self {
            case .malformedHeader(let header): return "malformed header: \(header)"
            case .tooLarge(let length): return "message of \(length) bytes is over the limit"
            }
        }
    }

    init(input: FileHandle, output: FileHandle) {
        self.input = input
        self.output = output
    }

    /// The next message's JSON bytes, or nil at the end of input.
    func read() throws -> Data? {
        var length: Int?
        while true {
            guard let line = try readLine() else { return nil }
            if line.isEmpty {
                guard let length else { throw ReadError.malformedHeader("no Content-Length") }
                return try readBytes(length)
            }
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { throw ReadError.malformedHeader(line) }
            if parts[0].lowercased() == "content-length" {
                guard let value = Int(parts[1]), value >= 0 else { throw ReadError.malformedHeader(line) }
                guard value <= Self.maximumLength else { throw ReadError.tooLarge(value) }
                length = value
            }
        }
    }

    func write(_ message: [String: Any]) {
        guard let body = try? JSONSerialization.data(withJSONObject: message) else { return }
        writeLock.lock()
        defer { writeLock.unlock() }
        output.write(Data("Content-Length: \(body.count)\r\n\r\n".utf8) + body)
    }

    private func fill() -> Bool {
        let chunk = input.availableData
        guard !chunk.isEmpty else { return false }
        buffer.append(chunk)
        return true
    }

    private func readLine() throws -> String? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                var line = buffer[buffer.startIndex..<newline]
                if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
                buffer.removeSubrange(buffer.startIndex...newline)
                return String(decoding: line, as: UTF8.self)
            }
            guard buffer.count < 8192 else { throw ReadError.malformedHeader("header line too long") }
            guard fill() else { return nil }
        }
    }

    private func readBytes(_ count: Int) throws -> Data? {
        while buffer.count < count {
            guard fill() else { return nil }
        }
        let body = buffer.prefix(count)
        buffer.removeFirst(count)
        return Data(body)
    }
}
