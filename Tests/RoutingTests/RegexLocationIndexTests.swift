import IngressModel
import Inventory
import ManifestLoader
import Testing
@testable import Routing

/// A regex server tries a path only against the locations whose pattern's literal begins it
/// (`RegexLocationIndex`). It must pick exactly the location that trying every one in the
/// written order picks: random paths of one host, random requests, a fixed seed.
@Suite struct RegexLocationIndexTests {
    @Test func theIndexPicksWhatTheWrittenOrderPicks() throws {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let pieces = ["/", "a", "B", "team", "-", "7", "api", "V1", ".*", "(/|$)", "(.*)", "[0-9]+", "?", "\u{E9}", "k"]
        let letters = ["/", "a", "A", "b", "B", "team", "TEAM", "-", "7", "70", "api", "v1", "V1", "x", "\u{E9}", "\u{212A}", "k"]
        var onAPath = 0
        var onTheRoot = 0
        for round in 0..<12 {
            var paths: Set<String> = []
            while paths.count < 60 {
                let path = "/" + (0..<(1 + next(5))).map { _ in pieces[next(pieces.count)] }.joined()
                guard let regex = try? Regex("^" + path) else { continue }
                // Odd rounds have no pattern that takes every request, so that the root location
                // ingress-nginx adds to every server is the answer often enough to be compared.
                if round % 2 == 1, (try? regex.prefixMatch(in: "/")) != nil { continue }
                paths.insert(path)
            }
            let ingress = IngressNginxRoutingTests.ingress(
                "many", created: 0, host: "api.example.com", annotations: ["use-regex": "true"],
                paths: paths.sorted().enumerated().map { IngressNginxRoutingTests.Path(path: $1, type: "ImplementationSpecific", service: "s\($0)") })
            let manifest = IngressNginxRoutingTests.ingressClass + "\n---\n" + ingress
            let loaded = ManifestLoader().load(text: manifest, file: "round-\(round).yaml")
            #expect(loaded.issues.filter { $0.kind == .invalid }.isEmpty, "\(loaded.issues.map(\.message))")
            let served = try ServedClass.select(inventory: Inventory(loaded.objects), requested: "nginx")
            let server = try #require(served.table.nginx?.servers["api.example.com"])
            #expect(server.regexMode)
            for _ in 0..<200 {
                let request = "/" + (0..<next(6)).map { _ in letters[next(letters.count)] }.joined()
                let expected = server.locations.first { $0.regexMatches(Substring(request)) }
                var picked: NginxLocation?
                if case .location(let location) = server.select(path: Substring(request)) { picked = location }
                #expect(picked === expected, "\(request): picked \(picked?.path ?? "none"), the written order \(expected?.path ?? "none")")
                if expected?.route != nil { onAPath += 1 } else { onTheRoot += 1 }
            }
        }
        // Both kinds of answer must be compared often: an Ingress path, and the root location.
        #expect(onAPath > 1_000, "only \(onAPath) requests matched an Ingress path: the comparison says little")
        #expect(onTheRoot > 150, "only \(onTheRoot) requests fell to the root location: the comparison says little")
    }
}
