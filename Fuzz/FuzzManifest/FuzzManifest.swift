import FuzzDriver
import IngressModel
import Inventory
import ManifestLoader
import Routing

@main enum FuzzManifestMain {
    static func main() { runFuzzer { fuzzManifest($0, $1) } }
}

/// Manifest decoding on arbitrary text, then what every face builds from it: the inventory, the
/// route table, and a few resolutions through it.
func fuzzManifest(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    let loaded = ManifestLoader().load(text: text, file: "fuzz.yaml")
    for issue in loaded.issues where issue.location.line < 1 {
        fatalError("a load issue without a line: \(issue)")
    }
    let inventory = Inventory(loaded.objects)
    let table = RouteTable(inventory: inventory)
    for key in table.classKeys {
        guard let classTable = table.classes[key] else { continue }
        for ingress in inventory.ingresses.prefix(4) {
            for rule in ingress.rules.prefix(4) {
                let host = rule.host?.value ?? "any.example.com"
                for path in rule.http?.paths.prefix(4) ?? [] {
                    _ = classTable.resolve(host: host, path: path.pathText)
                    _ = classTable.resolve(host: host, path: path.pathText + "/x")
                }
            }
        }
    }
    return 0
}
