import Foundation
import ManifestLoader
import Testing
@testable import KubeClient
import StructuredText

/// The byte-level list splitter and re-indenter against Foundation's JSON reading of the same bytes.
@Suite struct RawJSONTests {
    static let page = #"""
        {"kind":"SecretList","apiVersion":"v1","metadata":{"resourceVersion":"77","continue":"abc=="},"items":[
          {"metadata":{"name":"a","namespace":"n","annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\"data\":{\"tls.key\":\"SECRET\"}}","keep":"x"},"managedFields":[{"manager":"kubectl"}],"labels":{}},"type":"kubernetes.io/tls","data":{"tls.crt":"QUJD"}},
          {"metadata":{"name":"b \"quoted\" \u00e9 ü","namespace":"n"},"spec":{"list":[1,2.5,-3e2,true,false,null,[],{},[{"x":"]}{"}]],"empty":{}},"status":{}}
        ]}
        """#

    @Test func splitsPagesAndKeepsEveryValue() throws {
        let bytes = Array(Self.page.utf8)
        let parts = try #require(RawJSON.listParts(bytes))
        #expect(parts.resourceVersion == "77")
        #expect(parts.continueToken == "abc==")
        #expect(parts.items.count == 2)
        let expected = try #require((try JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any])["items"] as? [[String: Any]]
        for (index, span) in parts.items.enumerated() {
            let document = try #require(RawJSON.document(bytes, item: span, apiVersion: "v1", kind: "Secret"))
            #expect(document.text.hasPrefix("{\n  \"apiVersion\" : \"v1\",\n  \"kind\" : \"Secret\""))
            let reread = try #require(try JSONSerialization.jsonObject(with: Data(document.text.utf8)) as? [String: Any])
            var original = try #require(expected?[index])
            original["apiVersion"] = "v1"
            original["kind"] = "Secret"
            var metadata = original["metadata"] as? [String: Any] ?? [:]
            metadata.removeValue(forKey: "managedFields")
            if var annotations = metadata["annotations"] as? [String: Any] {
                annotations.removeValue(forKey: "kubectl.kubernetes.io/last-applied-configuration")
                metadata["annotations"] = annotations
            }
            original["metadata"] = metadata
            #expect(NSDictionary(dictionary: reread).isEqual(to: original), "\(document.text)")
            #expect(document.name == (metadata["name"] as? String).map { $0.replacingOccurrences(of: "\"", with: "\"") })
        }
        let first = try #require(RawJSON.document(bytes, item: parts.items[0], apiVersion: "v1", kind: "Secret"))
        #expect(!first.text.contains("SECRET") && !first.text.contains("managedFields"))
        #expect(first.text.contains("\"keep\" : \"x\""))
    }

    @Test func rejectsWhatIsNotJSON() {
        #expect(RawJSON.listParts(Array("not json".utf8)) == nil)
        #expect(RawJSON.listParts(Array(#"{"items":[{"a":"#.utf8)) == nil)
    }

    /// Found by FuzzJSON: a delimiter where an item should start was a value of no bytes, so the
    /// items loop never advanced (a hang, and memory growing with each empty item).
    @Test(.timeLimit(.minutes(1))) func aDelimiterWhereAValueShouldStartEndsTheScan() {
        #expect(RawJSON.listParts(Array(#"{"items":[}"#.utf8)) == nil)
        #expect(RawJSON.listParts(Array("{\"items\":[\n\0\0}\":\n}".utf8)) == nil)
        var scanner = RawJSON.Scanner(bytes: Array("]".utf8))
        let advanced = scanner.skipValue()
        #expect(!advanced)
        #expect(RawJSON.listParts(Array(#"{"items":[1,true,null,"x"]}"#.utf8))?.items.count == 4)
    }
}
