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

    /// A report's long arrays are written in pieces on all cores: the joined pieces are the text
    /// the sequential writer makes, with arrays that end on a piece's edge and one that does not,
    /// short arrays and members around them, escapes and wide characters.
    @Test(arguments: [true, false])
    func piecesJoinIntoTheSequentialText(pretty: Bool) throws {
        let per = JSONValue.itemsPerPiece
        func items(_ count: Int) -> JSONValue {
            .array((0..<count).map { .object([("index", .number($0)), ("name", .string("n\($0)\"é")), ("list", .array([.null, true]))]) })
        }
        let large = JSONValue.object([
            ("version", 1), ("first", items(2 * per)), ("short", items(3)), ("empty", .array([])),
            ("ragged", items(3 * per + 17)), ("last", Self.document),
        ])
        let pieces = try #require(JSONValue.pieces(of: large, indent: pretty ? 0 : nil))
        #expect(pieces.count == 2 + 2 + 4 + 1, "text, two runs, text, four runs, text")
        var appended = ""
        large.write(to: &appended, indent: pretty ? 0 : nil)
        #expect(large.serialized(pretty: pretty, terminator: "\n") == appended + "\n")
        #expect(JSONValue.pieces(of: items(2 * per), indent: 0) == nil, "only a top-level object is cut")
        #expect(JSONValue.pieces(of: .object([("few", items(2 * per - 1))]), indent: 0) == nil)
    }
}
