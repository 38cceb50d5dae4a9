/// Text that compares and hashes by its UTF-8 bytes, as the API server compares fields and as HTTP
/// servers match paths. Swift's `==` on strings is Unicode canonical equivalence, under which
/// `/café` written NFC and NFD would be one path: a false duplicate route, and a request routed by a
/// rule whose bytes it does not have.
public struct ByteText: Hashable, Sendable {
    public let text: Substring

    public init(_ text: Substring) { self.text = text }
    public init(_ text: String) { self.text = Substring(text) }

    public static func == (lhs: ByteText, rhs: ByteText) -> Bool {
        lhs.text.utf8.elementsEqual(rhs.text.utf8)
    }

    public func hash(into hasher: inout Hasher) {
        // One way of hashing for every storage, so that equal bytes always hash alike.
        if text.utf8.withContiguousStorageIfAvailable({ hasher.combine(bytes: UnsafeRawBufferPointer($0)) }) == nil {
            Array(text.utf8).withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }
}
