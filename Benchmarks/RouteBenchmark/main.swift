// Route-table benchmark: resolution cost per request at 10 and 10,000 hosts (10 paths each), next
// to a linear scan written from the spec (the peer), and conflict analysis of 10,000 Ingresses.
// Run through Benchmarks/route.sh (release build).
import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import IngressModel
import Inventory
import ManifestLoader
import Routing
import Rules

func ingressesYAML(hosts: Int, pathsPerHost: Int, conflictEvery: Int? = nil) -> String {
    var text = ""
    text.reserveCapacity(hosts * pathsPerHost * 160)
    for host in 0..<hosts {
        text += "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: app-\(host)\n  namespace: team-\(host % 50)\nspec:\n  ingressClassName: nginx\n  rules:\n  - host: app-\(host).example.com\n    http:\n      paths:\n"
        for path in 0..<pathsPerHost {
            let type = path % 3 == 0 ? "Exact" : "Prefix"
            text += "      - {path: /svc\(path)/v\(path % 4), pathType: \(type), backend: {service: {name: s\(path), port: {number: 80}}}}\n"
        }
        if let every = conflictEvery, host % every == 0 {
            text += "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: rival-\(host)\n  namespace: team-\(host % 50)\nspec:\n  ingressClassName: nginx\n  rules:\n  - host: app-\(host).example.com\n    http:\n      paths:\n      - {path: /svc1/v1, pathType: Prefix, backend: {service: {name: other, port: {number: 80}}}}\n"
        }
    }
    return text
}

func inventory(_ yaml: String) -> Inventory {
    Inventory(ManifestLoader().load(text: yaml, file: "bench.yaml").objects)
}

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// The peer: every route checked for every request, exactly as the spec text reads.
struct LinearMatcher {
    var routes: [Route]

    func resolve(host rawHost: String, path: String) -> Route? {
        let host = RequestHost.normalize(rawHost)
        var bestSpecificity: HostPattern.Specificity?
        for route in routes where route.host.matches(host) { bestSpecificity = max(bestSpecificity ?? route.host.specificity, route.host.specificity) }
        var winner: Route?
        for route in routes where route.host.specificity == bestSpecificity && route.host.matches(host) {
            let matches: Bool
            switch route.matchType {
            case .exact: matches = path == route.path
            case .prefix:
                let key = route.prefixKey
                matches = key.isEmpty || path == key || path.hasPrefix(key + "/")
            }
            if matches, winner.map({ Precedence.wins(route, over: $0) }) ?? true { winner = route }
        }
        return winner
    }
}

func requests(hosts: Int, count: Int) -> [(String, String)] {
    var state: UInt64 = 42
    func next() -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int(state >> 33)
    }
    return (0..<count).map { _ in
        let host = next() % (hosts + 1)
        let path = next() % 12
        let hostText = host == hosts ? "unknown.example.com" : "app-\(host).example.com"
        return (hostText, "/svc\(path)/v\(path % 4)/item/\(next() % 1000)")
    }
}

func resolveBenchmark(hosts: Int) -> Double {
    let table = RouteTable(inventory: inventory(ingressesYAML(hosts: hosts, pathsPerHost: 10)))
    guard let classTable = table.table(forClass: "nginx") else { fatalError("no table") }
    // 4,096 distinct requests replayed 50 times: request bytes stay in cache, as a proxy's freshly
    // read request does, so the figure is the table's cost; the routes they hit are spread over
    // every host of the table.
    let batch = requests(hosts: hosts, count: 4_096)
    let rounds = 50
    var routed = 0
    var best = Double.infinity
    for _ in 0..<5 {
        let elapsed = seconds {
            for _ in 0..<rounds {
                for (host, path) in batch where classTable.resolve(host: host, path: path).backend != nil { routed += 1 }
            }
        }
        best = min(best, elapsed)
    }
    let nanoseconds = best / Double(batch.count * rounds) * 1e9
    precondition(routed > 0)
    let linear = LinearMatcher(routes: classTable.hostIndexes.flatMap { $0.1.allRoutes })
    let peerBatch = Array(batch.prefix(hosts > 1000 ? 200 : 4_096))
    var peerRouted = 0
    let peerElapsed = seconds {
        for (host, path) in peerBatch where linear.resolve(host: host, path: path) != nil { peerRouted += 1 }
    }
    let peer = peerElapsed / Double(peerBatch.count) * 1e9
    // Also with 200,000 distinct requests (each request's strings cold in memory too).
    let cold = requests(hosts: hosts, count: 200_000)
    var coldRouted = 0
    let coldElapsed = seconds {
        for (host, path) in cold where classTable.resolve(host: host, path: path).backend != nil { coldRouted += 1 }
    }
    let coldNanoseconds = coldElapsed / Double(cold.count) * 1e9
    precondition(coldRouted > 0)
    print("resolve \(hosts) hosts x 10 paths (200,000 distinct cold requests): \(String(format: "%.0f", coldNanoseconds)) ns/request")
    print("resolve \(hosts) hosts x 10 paths: \(String(format: "%.0f", nanoseconds)) ns/request (route table) | peer linear scan from the spec: \(String(format: "%.0f", peer)) ns/request | ratio \(String(format: "%.1f", peer / nanoseconds))x")
    return nanoseconds
}

if CommandLine.arguments.count > 1, let hosts = Int(CommandLine.arguments[1]) {
    // Profiling aid: one size only.
    _ = resolveBenchmark(hosts: hosts)
    exit(0)
}
let small = resolveBenchmark(hosts: 10)
let large = resolveBenchmark(hosts: 10_000)
print("resolve cost 10,000 hosts / 10 hosts: \(String(format: "%.2f", large / small))x")

let conflictInventory = inventory(ingressesYAML(hosts: 10_000, pathsPerHost: 3, conflictEvery: 10))
let routingRules = BuiltinRules.all.filter {
    ["host-path-conflict", "duplicate-route", "shadowed-path", "default-backend-conflict", "cross-namespace-host"].contains($0.id)
}
var findings = 0
var best = Double.infinity
for _ in 0..<3 {
    best = min(best, seconds {
        let context = RuleContext(inventory: conflictInventory)
        findings = LintEngine(rules: routingRules).run(context).findings.count
    })
}
print("conflict analysis of \(conflictInventory.ingresses.count) Ingresses (route table + 5 routing rules): \(String(format: "%.3f", best)) s, \(findings) findings")
