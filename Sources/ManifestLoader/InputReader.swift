#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

private let systemRead = read

/// Reads one input into text, enforcing the size cap and the UTF-8 requirement.
public struct InputReader: Sendable {
    public enum Outcome: Sendable {
        case text(String)
        /// Not readable as a manifest; the message names the cause, the position where it applies.
        case refused(message: String, line: Int, column: Int)
        /// A binary file found in a directory walk: skipped with a note, not a finding.
        case skipped(reason: String)
        /// A file named on the command line that cannot be read: the tool cannot do its job (exit 2).
        case unreadable(reason: String)
    }

    public var limits: InputLimits

    public init(limits: InputLimits) {
        self.limits = limits
    }

    public func read(_ input: InputSource) -> Outcome {
        let bytes: [UInt8]
        switch input.origin {
        case .standardInput:
            guard let data = readAll(fd: STDIN_FILENO) else {
                return .unreadable(reason: "cannot read standard input: \(String(cString: strerror(errno)))")
            }
            bytes = data
        case .file(let path):
            var info = stat()
            if stat(path, &info) == 0, Int(info.st_size) > limits.maxFileBytes {
                return .refused(message: tooLarge(Int(info.st_size)), line: 1, column: 1)
            }
            var linkInfo = stat()
            let namedPipe = lstat(path, &linkInfo) == 0 && (linkInfo.st_mode & S_IFMT) == S_IFIFO
            // A FIFO in the file system may have no writer: opening it blocks until one comes, and
            // may never return. It is opened without waiting, and given a bounded time for its
            // first bytes. (`<(helm template .)` is a pipe under /dev/fd whose writer the shell
            // started: it is read as it comes.)
            let fd = open(path, namedPipe ? O_RDONLY | O_NONBLOCK : O_RDONLY)
            guard fd >= 0 else {
                let reason = String(cString: strerror(errno))
                if input.fromDirectoryWalk { return .skipped(reason: "unreadable: \(reason)") }
                return .unreadable(reason: "cannot read \(input.displayName): \(reason)")
            }
            defer { close(fd) }
            if namedPipe {
                guard awaitWriter(fd: fd) else {
                    return .unreadable(reason: "cannot read \(input.displayName): a named pipe (FIFO) that nothing wrote to within \(limits.pipeWriterWaitMilliseconds / 1000) s")
                }
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
            }
            guard let data = readAll(fd: fd) else {
                let reason = String(cString: strerror(errno))
                if input.fromDirectoryWalk { return .skipped(reason: "unreadable: \(reason)") }
                return .unreadable(reason: "cannot read \(input.displayName): \(reason)")
            }
            bytes = data
        }
        if bytes.count > limits.maxFileBytes {
            return .refused(message: tooLarge(bytes.count), line: 1, column: 1)
        }
        return decode(bytes, fromDirectoryWalk: input.fromDirectoryWalk)
    }

    func decode(_ raw: [UInt8], fromDirectoryWalk: Bool) -> Outcome {
        var bytes = raw[...]
        // kubectl reads a file through a BOM override: a UTF-8, UTF-16BE or UTF-16LE byte order
        // mark picks the encoding, anything else is UTF-8. So is this, so that what `kubectl
        // apply -f DIR/` applies is linted, and what it cannot read is said to be unreadable.
        if bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) {
            return .refused(
                message: "the file is UTF-32 (it starts with a UTF-32 byte order mark); kubectl reads UTF-8 and UTF-16 only: save it as UTF-8",
                line: 1, column: 1)
        }
        if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) {
            return decodeUTF16(bytes.dropFirst(2), bigEndian: bytes.first == 0xFE)
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let nul = bytes.firstIndex(of: 0) {
            if fromDirectoryWalk { return .skipped(reason: "binary file (contains NUL bytes)") }
            let (line, column) = position(of: nul, in: bytes)
            return .refused(message: "binary file: a NUL byte at line \(line), column \(column); manifests are UTF-8 text", line: line, column: column)
        }
        if let bad = firstInvalidUTF8(bytes) {
            let (line, column) = position(of: bad, in: bytes)
            let byte = String(bytes[bad], radix: 16, uppercase: true)
            return .refused(message: "not valid UTF-8: byte 0x\(byte) at line \(line), column \(column); Kubernetes manifests must be UTF-8", line: line, column: column)
        }
        return .text(String(decoding: bytes, as: UTF8.self))
    }

    private func decodeUTF16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) -> Outcome {
        guard bytes.count.isMultiple(of: 2) else {
            return .refused(message: "UTF-16 text (by its byte order mark) with an odd number of bytes: the file is cut short", line: 1, column: 1)
        }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let first = UInt16(bytes[index]), second = UInt16(bytes[index + 1])
            units.append(bigEndian ? first << 8 | second : second << 8 | first)
            index += 2
        }
        var text = ""
        text.unicodeScalars.reserveCapacity(units.count)
        var line = 1, column = 1
        var codec = UTF16()
        var iterator = units.makeIterator()
        decoding: while true {
            let scalar: Unicode.Scalar
            switch codec.decode(&iterator) {
            case .scalarValue(let value): scalar = value
            case .emptyInput: break decoding
            case .error:
                return .refused(message: "not valid UTF-16: an unpaired surrogate at line \(line), column \(column)", line: line, column: column)
            }
            if scalar.value == 0 {
                return .refused(message: "binary content: a NUL character at line \(line), column \(column)", line: line, column: column)
            }
            text.unicodeScalars.append(scalar)
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return .text(text)
    }

    private func tooLarge(_ size: Int) -> String {
        let mib = Double(size) / 1_048_576
        let cap = limits.maxFileBytes / 1_048_576
        let shown = (mib * 10).rounded() / 10
        return "file is \(shown) MiB, over the \(cap) MiB input limit; raise it with --max-file-size if this is intended"
    }

    /// True once the pipe has bytes or its writer has gone; false when the wait runs out.
    private func awaitWriter(fd: Int32) -> Bool {
        var request = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let deadline = Int64(limits.pipeWriterWaitMilliseconds)
        var waited: Int64 = 0
        while waited < deadline {
            let slice = Int32(min(deadline - waited, 200))
            let ready = poll(&request, 1, slice)
            if ready > 0 { return true }
            if ready < 0 && errno != EINTR { return false }
            waited += Int64(slice)
        }
        return false
    }

    private func readAll(fd: Int32) -> [UInt8]? {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        // Reading one byte past the cap is enough to know it is exceeded.
        while result.count <= limits.maxFileBytes {
            let count = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { break }
            result.append(contentsOf: chunk[0..<count])
        }
        return result
    }

    private func position(of index: ArraySlice<UInt8>.Index, in bytes: ArraySlice<UInt8>) -> (Int, Int) {
        var line = 1
        var lineStart = bytes.startIndex
        var cursor = bytes.startIndex
        while cursor < index {
            if bytes[cursor] == UInt8(ascii: "\n") {
                line += 1
                lineStart = cursor + 1
            }
            cursor += 1
        }
        return (line, index - lineStart + 1)
    }

    private func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8>.Index? {
        var index = bytes.startIndex
        let end = bytes.endIndex
        while index < end {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var minimum: UInt32
            switch lead {
            case 0xC2...0xDF: length = 2; minimum = 0x80
            case 0xE0...0xEF: length = 3; minimum = 0x800
            case 0xF0...0xF4: length = 4; minimum = 0x10000
            default: return index
            }
            guard index + length <= end else { return index }
            var scalar = UInt32(lead) & (0xFF >> (length + 1))
            for offset in 1..<length {
                let next = bytes[index + offset]
                guard next & 0xC0 == 0x80 else { return index }
                scalar = scalar << 6 | UInt32(next & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return index }
            minimum = 0
            index += length
        }
        return nil
    }
}
