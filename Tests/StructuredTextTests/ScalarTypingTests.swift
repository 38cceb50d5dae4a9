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
        #expect(YAMLNode.Scalar(text: "0b101", isExplicitString: false).integerValue == 5)
        #expect(YAMLNode.Scalar(text: "0o17", isExplicitString: false).integerValue == 15)
        #expect(YAMLNode.Scalar(text: "-9223372036854775807", isExplicitString: false).integerValue == -9_223_372_036_854_775_807)
        // Overflow, a second sign, a digit out of its radix: not integers.
        for text in ["9223372036854775808", "-0-1", "08", "0x", "0b2", "0xG"] {
            #expect(YAMLNode.Scalar(text: text, isExplicitString: false).integerValue == nil, "\(text)")
        }
        #expect(plain("9223372036854775808") == .string)
    }

    /// The tree resolves each scalar once, as it is built: the same types as a scalar made alone.
    @Test func theTreeTypesScalarsAsTheyAreRead() throws {
        let root = try #require(YAMLComposer().compose("a: 80\nb: '80'\nc: yes\nd: ~\ne: 1.5\nf: !!int '7'\ng: 80.0\n").documents.first?.root)
        #expect(root["a"]?.resolvedType == .integer && root["a"]?.intValue == 80)
        #expect(root["b"]?.resolvedType == .string && root["b"]?.stringValue == "80")
        #expect(root["c"]?.resolvedType == .boolean)
        #expect(root["d"]?.isNull == true)
        #expect(root["e"]?.resolvedType == .float && root["e"]?.intValue == nil)
        #expect(root["f"]?.resolvedType == .integer && root["f"]?.scalar?.tag == "tag:yaml.org,2002:int")
        #expect(root["g"]?.intValue == 80)
    }

    /// The byte-level word checks answer as the lists of YAML 1.1's words do: every case variant
    /// of every word (only the listed spellings count), and every text of up to three letters
    /// drawn from the words' letters.
    @Test func nullAndBooleanWordsAreExactlyTheListedOnes() {
        let nulls: Set<String> = ["", "~", "null", "Null", "NULL"]
        let booleans: Set<String> = [
            "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE",
            "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
        ]
        var candidates: Set<String> = [""]
        for word in nulls.union(booleans) {
            let letters = Array(word)
            for mask in 0..<(1 << letters.count) {
                candidates.insert(String(letters.enumerated().map { mask & (1 << $0.offset) != 0 ? Character($0.element.uppercased()) : Character($0.element.lowercased()) }))
            }
        }
        let alphabet = Array("~ynNYeEsSoOtTrRuUfFaAlL1")
        var short: [String] = [""]
        for _ in 0..<3 {
            short = short + short.flatMap { prefix in alphabet.map { prefix + String($0) } }
        }
        candidates.formUnion(short)
        for text in candidates {
            var bytes = Array(text.utf8)
            bytes.withUnsafeMutableBufferPointer { buffer in
                let view = UnsafeBufferPointer(buffer)
                #expect(ScalarResolution.isNull(view) == nulls.contains(text), "\(text)")
                #expect(ScalarResolution.isBoolean(view) == booleans.contains(text), "\(text)")
            }
        }
    }
}
