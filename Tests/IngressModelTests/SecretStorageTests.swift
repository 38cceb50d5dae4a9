import IngressModel
import Testing

/// A Secret's fields share one box between copies: a change to one copy is that copy's alone.
@Suite struct SecretStorageTests {
    @Test func aChangedCopyLeavesTheOriginalAlone() {
        let at = SourceLocation(file: "s.yaml", line: 1, column: 1)
        let ref = ObjectRef(apiVersion: "v1", kind: "Secret", namespace: "shop", name: "tls")
        let original = Secret(
            ref: ref, source: ObjectSource(file: "s.yaml", documentIndex: 0, location: at), metadata: ObjectMeta(location: at),
            type: Secret.tlsType, keys: ["tls.crt": at],
            values: ["tls.crt": SecretValue(bytes: [1, 2], field: "data[tls.crt]", location: at)])
        var copy = original
        copy.values["tls.key"] = SecretValue(bytes: [3], field: "data[tls.key]", location: at)
        copy.ref.name = "other"
        copy.type = "Opaque"
        #expect(original.values.keys.sorted() == ["tls.crt"])
        #expect(original.ref.name == "tls" && original.type == Secret.tlsType)
        #expect(copy.values.keys.sorted() == ["tls.crt", "tls.key"])
        #expect(copy.ref.name == "other" && copy.type == "Opaque")
    }
}
