import Testing
@testable import StructuredText
import StructuredText

/// Kubernetes reads YAML 1.1 (go-yaml v2): these are the types the API server sees.
@Suite struct ScalarTypingTests {
    func plain(_ text: String) -> ResolvedType { YAMLNode.Scalar(text: text, isExplicitString: false).resolvedType }

    @Test(arguments: ["yes", "No", "ON", "off", "true", "False", "y", "N"])
    func yaml11BooleanWords(text: String) { #expect(plain(text) == .boolean) }

    @Test(arguments: ["80", "-1", "0x1F", "017", "1_000", "+5"])
    func integers(text: String) { #expect(plain(text) == .integer) }

    @Test(arguments: ["1.5", "1e3", ".inf", "-.Inf", ".NaN", "1.30"])
    func floats(text: String) { #expect(plain(text) == .float) }

    @Test(arguments: ["", "~", "null", "NULL"])
    func nulls(text: String) { #expect(plain(text) == .null) }

    @Test(arguments: ["nginx", "80m", "1.2.3", "/api", "yes-please", "0x", "1e"])
    func strings(text: String) { #expect(plain(text) == .string) }

    @Test func quotedScalarsAreStrings() {
        #expect(YAMLNode.Scalar(text: "yes", isExplicitString: true).resolvedType == .string)
        #expect(YAMLNode.Scalar(text: "80", isExplicitString: false, tag: "tag:yaml.org,2002:str").resolvedType == .string)
    }

    @Test func integerValues() {
        #expect(YAMLNode.Scalar(text: "0x1F", isExplicitString: false).integerValue == 31)
        #expect(YAMLNode.Scalar(text: "-017", isExplicitString: false).integerValue == -15)
        #expect(YAMLNode.Scalar(text: "8_080", isExplicitString: false).integerValue == 8080)
    }
}
