import IngressModel
import Testing
@testable import ManifestLoader
import StructuredText

/// The JSON fast path gives the tree libyaml gives for the same text: structure, scalar text and
/// typing, and every position.
@Suite struct JSONComposerTests {
    static let texts = [
        #"{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"a","labels":{"x":"yes","n":"1"}},"spec":{"rules":[{"host":"é.example.com","http":{"paths":[{"path":"/a\"b\\c\u00e9","pathType":"Prefix","backend":{"service":{"name":"s","port":{"number":80}}}}]}}],"tls":[],"x":null,"y":true,"z":-1.5e3,"e":{}}}"#,
        """
        {
          "apiVersion" : "v1",
          "kind" : "Service",
          "metadata" : {
            "name" : "web",
            "namespace" : "shop"
          },
          "spec" : {
            "ports" : [
              {
                "port" : 80,
                "targetPort" : "http"
              }
            ]
          }
        }
        """,
    ]

    func same(_ left: YAMLNode, _ right: YAMLNode, path: String) {
        #expect(left.line == right.line && left.column == right.column, "\(path): \(left.line):\(left.column) vs \(right.line):\(right.column)")
        switch (left.content, right.content) {
        case (.scalar(let a), .scalar(let b)):
            #expect(a.text == b.text && a.isExplicitString == b.isExplicitString, "\(path): \(a) vs \(b)")
        case (.mapping(let a), .mapping(let b)):
            #expect(a.count == b.count, "\(path)")
            for (x, y) in zip(a, b) {
                same(x.key, y.key, path: path + "/key")
                same(x.value, y.value, path: path + "/" + (x.key.scalar?.text ?? ""))
            }
        case (.sequence(let a), .sequence(let b)):
            #expect(a.count == b.count, "\(path)")
            for (index, (x, y)) in zip(a, b).enumerated() { same(x, y, path: path + "[\(index)]") }
        default:
            Issue.record("\(path): different kinds of node")
        }
    }

    @Test(arguments: texts)
    func matchesLibyaml(text: String) throws {
        let fast = try #require(JSONComposer.compose(text))
        let slow = try #require(YAMLComposer().compose(text).documents.first?.root)
        same(fast, slow, path: "")
    }

    /// libyaml refuses escaped surrogate pairs; JSON (and the API server) take them.
    @Test func decodesSurrogatePairs() throws {
        let node = try #require(JSONComposer.compose(#"{"a":"\ud83d\ude00"}"#))
        #expect(node["a"]?.scalar?.text == "😀")
    }

    /// The byte scanner (AdmissionReview fields) reads the same escapes, and keeps what the
    /// composer refuses rather than dropping the field.
    @Test func scannerStringsAreDecodedLeniently() {
        let cases: [(String, String)] = [
            (#""plain""#, "plain"), (#""a\"b\\c\/d\n""#, "a\"b\\c/d\n"), (#""\u00e9\ud83d\ude00""#, "é😀"),
            (#""\x""#, "x"), (#""\ud83d""#, "\u{FFFD}"),
        ]
        for (literal, expected) in cases {
            var scanner = RawJSON.Scanner(bytes: Array(literal.utf8))
            #expect(scanner.readString() == expected, "\(literal)")
        }
    }

    @Test func leavesWhatItDoesNotAcceptToTheYAMLPath() {
        for text in [
            #"{"a":1,"a":2}"#, #"{"a":}"#, #"{"a":1} x"#, "{a: 1}", #"{"a":tru}"#, #"{"a":"\x"}"#, #"{"a":"\ud83d"}"#, "{\"a\":\"x\ty\"}",
            #"{"a":"x\"#,
        ] {
            #expect(JSONComposer.compose(text) == nil, "\(text)")
        }
        let nested = String(repeating: "[", count: 1001) + String(repeating: "]", count: 1001)
        #expect(JSONComposer.compose("{\"a\":" + nested + "}") == nil)
        // Through the loader, a duplicate key still gets libyaml's error with a position.
        let loaded = ManifestLoader().load(text: #"{"apiVersion":"v1","kind":"Service","metadata":{"name":"a","name":"b"}}"#, file: "dup.json")
        #expect(!loaded.issues.isEmpty)
    }
}
