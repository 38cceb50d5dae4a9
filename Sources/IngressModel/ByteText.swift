#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Text that compares and hashes by its UTF-8 bytes, as the API server compares fields and as HTTP
/// servers match paths. Swift's `==` on strings is Unicode canonical equivalence, under which
/// `/café` written NFC and NFD would be one path: a false duplicate route, and a request routed by a
/// rule whose bytes it does not have.
public struct ByteText: Hashable, Sendable {
    public let text: Substring

    public init(_ text: Substring) { self.text = text }
    public init(_ text: String) { self.text = Substring(text) }

    public static func == (lhs: ByteText, rhs: ByteText) -> Bool {
        guard lhs.text.utf8.count == rhs.text.utf8.count else { return false }
        // Native strings are contiguous: one memcmp, where the element-wise walk of the views was a
        // fiftieth of a large lint (field paths are interned through a table keyed by these).
        let contiguous = lhs.text.utf8.withContiguousStorageIfAvailable { left in
            rhs.text.utf8.withContiguousStorageIfAvailable { right in
                guard let left = left.baseAddress, let right = right.baseAddress else { return true }
                return memcmp(left, right, lhs.text.utf8.count) == 0
            }
        }
        return (contiguous ?? nil) ?? lhs.text.utf8.elementsEqual(rhs.text.utf8)
    }

    public func hash(into hasher: inout Hasher) {
        // One way of hashing for every storage, so that equal bytes always hash alike.
        if text.utf8.withContiguousStorageIfAvailable({ hasher.combine(bytes: UnsafeRawBufferPointer($0)) }) == nil {
            Array(text.utf8).withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }
}

extension StringProtocol {
    /// Whether `needle` occurs in the text, byte for byte in UTF-8, as Go's `strings.Contains` in
    /// the API server's validation compares. With Foundation imported, `contains(_:)` on strings
    /// goes through NSString's non-literal (canonically equivalent) search, which was a twentieth
    /// of an admission's time and a tenth of reading a TLS Secret.
    public func containsBytes(_ needle: String) -> Bool {
        var needle = needle
        return needle.withUTF8 { pattern in
            utf8.withContiguousStorageIfAvailable { Self.search(pattern, in: $0) } ?? Self.search(pattern, in: Array(utf8))
        }
    }

    private static func search(_ pattern: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = pattern.first else { return true }
        guard haystack.count >= pattern.count else { return false }
        var index = 0
        let last = haystack.count - pattern.count
        while index <= last {
            if haystack[index] == first {
                var matched = 1
                while matched < pattern.count, haystack[index + matched] == pattern[matched] { matched += 1 }
                if matched == pattern.count { return true }
            }
            index += 1
        }
        return false
    }

    private static func search(_ pattern: UnsafeBufferPointer<UInt8>, in haystack: [UInt8]) -> Bool {
        haystack.withUnsafeBufferPointer { search(pattern, in: $0) }
    }
}
