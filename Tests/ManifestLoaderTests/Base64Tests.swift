import Foundation
import Testing
@testable import ManifestLoader

/// A Secret's `data` as the API server decodes it (Go's StdEncoding): round trips against
/// Foundation's encoder, refusals as Go's decoder refuses (Foundation takes `YQ=a`; Go does not).
@Suite struct Base64Tests {
    @Test func decodesWhatFoundationEncodes() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<64 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let encoded = Data(bytes).base64EncodedString()
            #expect(Base64.decode(encoded) == bytes, "\(encoded)")
            // PEM-style line breaks anywhere are ignored.
            let wrapped = encoded.enumerated().map { $0.offset % 5 == 4 ? "\($0.element)\r\n" : "\($0.element)" }.joined()
            #expect(Base64.decode(wrapped) == bytes, "\(wrapped)")
        }
    }

    @Test(arguments: ["YQ", "YWI", "Y", "Y===", "YQ==YQ==", "YQ=a", "YW I=", "YWJj!", "=", "YQ==\n=", "éé=="])
    func refusesWhatGoRefuses(text: String) {
        #expect(Base64.decode(text) == nil, "\(text)")
    }

    @Test func emptyIsEmpty() {
        #expect(Base64.decode("") == [])
        #expect(Base64.decode("\n") == [])
        #expect(Base64.decode("YQ==\n") == Array("a".utf8))
    }
}
