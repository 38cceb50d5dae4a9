import FuzzDriver
import StructuredText

@main enum FuzzYAMLMain {
    static func main() { runFuzzer { fuzzYAML($0, $1) } }
}

/// The YAML composer on arbitrary text: every input ends in documents or a located error, within
/// the alias budget, never in a crash.
func fuzzYAML(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    let result = YAMLComposer(aliasBudget: 10_000).compose(text)
    for document in result.documents { _ = walk(document.root) }
    return 0
}

/// Reads every scalar's typing, as the decoder does.
func walk(_ node: YAMLNode) -> Int {
    switch node.content {
    case .scalar: return node.resolvedType == .string ? 1 : 0
    case .sequence(let items): return items.reduce(0) { $0 + walk($1) }
    case .mapping(let pairs): return pairs.reduce(0) { $0 + walk($1.key) + walk($1.value) }
    }
}
