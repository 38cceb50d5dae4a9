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

    @Test func escapesAreJSONs() {
        #expect(JSONValue.quoted("a\"b\\c\nd\te\r\u{1}é") == #""a\"b\\c\nd\te\r\u0001é""#)
        #expect(Self.document.serialized(pretty: false).hasPrefix(#"{"plain":"name","escaped":"a\"b\\c\nd\te\r\u0001","wide":"é中🙂","numbers":[1,-20,1.5e3],"empty":[],"nothing":{}"#))
    }
}
