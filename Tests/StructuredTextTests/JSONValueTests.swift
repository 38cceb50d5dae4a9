import Testing
@testable import StructuredText

/// `serialized` measures its text before writing it, to size the string once: the measure must
/// be the text's length in bytes, escapes and non-ASCII included, or large reports grow by
/// doubling again.
@Suite struct JSONValueTests {
    static let document = JSONValue.object([
        ("plain", "name"), ("escaped", .string("a\"b\\c\nd\te\r\u{1}")), ("wide", .string("é中🙂")),
        ("numbers", .array([1, -20, .literal("1.5e3")])), ("empty", .array([])), ("nothing", .object([])),
        ("flags", .array([true, false, .null])), ("nested", .object([("list", .array([.object([("k", "v")])]))])),
    ])

    @Test(arguments: [true, false])
    func theMeasureIsTheLengthOfTheText(pretty: Bool) {
        var length = ByteCount()
        Self.document.write(to: &length, indent: pretty ? 0 : nil)
        let text = Self.document.serialized(pretty: pretty)
        #expect(length.count == text.utf8.count)
        #expect(Self.document.serialized(pretty: pretty, terminator: "\n") == text + "\n")
    }

    /// The text written into the string's storage is the text appended piece by piece.
    @Test(arguments: [true, false])
    func theStorageWriterWritesWhatAppendingWrites(pretty: Bool) {
        var appended = ""
        Self.document.write(to: &appended, indent: pretty ? 0 : nil)
        #expect(Self.document.serialized(pretty: pretty) == appended)
    }

    @Test func theStorageWriterNeverWritesPastItsSize() {
        let storage = UnsafeMutablePointer<UInt8>.allocate(capacity: 4)
        defer { storage.deallocate() }
        var sink = BufferSink(base: storage, capacity: 4)
        sink.append("abc")
        sink.append("de")
        #expect(sink.overflowed && sink.count == 3)
        sink.append(Unicode.Scalar(0x4E2D)!)
        #expect(sink.count == 4, "a multi-byte scalar stops at the end too")
    }

    @Test func escapesAreJSONs() {
        #expect(JSONValue.quoted("a\"b\\c\nd\te\r\u{1}é") == #""a\"b\\c\nd\te\r\u0001é""#)
        #expect(Self.document.serialized(pretty: false).hasPrefix(#"{"plain":"name","escaped":"a\"b\\c\nd\te\r\u0001","wide":"é中🙂","numbers":[1,-20,1.5e3],"empty":[],"nothing":{}"#))
    }
}
