import FuzzDriver
import StructuredText

@main enum FuzzJSONMain {
    static func main() { runFuzzer { fuzzJSON($0, $1) } }
}

/// The JSON composer and the lenient byte scanner (list parts, members, strings) on arbitrary bytes.
func fuzzJSON(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: start, count: count))
    _ = JSONComposer.compose(String(decoding: bytes, as: UTF8.self))
    if let parts = RawJSON.listParts(bytes) {
        for item in parts.items.prefix(16) {
            _ = RawJSON.document(bytes, item: item, apiVersion: "networking.k8s.io/v1", kind: "Ingress")
        }
    }
    for (_, span) in RawJSON.members(bytes) { _ = RawJSON.string(bytes, span) }
    return 0
}
