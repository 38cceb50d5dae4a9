import Testing
import IngressModel
@testable import Routing

/// The compiled route table against a naive matcher written straight from the spec text
/// (INGRESS-SPEC.md 2.1–2.3), over random Ingress sets and random requests.
@Suite struct ReferenceMatcherPropertyTests {
    /// SplitMix64: reproducible random cases; a failure names its seed.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func pick<T>(_ values: [T]) -> T { values[Int(next() % UInt64(values.count))] }
        mutating func chance(_ percent: UInt64) -> Bool { next() % 100 < percent }
    }

    struct Path { var path: String; var type: String; var service: String }
    struct Rule { var host: String?; var paths: [Path]?; }
    struct Ing { var name: String; var created: String?; var rules: [Rule]; var defaultService: String? }

    static let hosts: [String?] = ["a.com", "b.a.com", "*.a.com", "x.b.a.com", "*.b.a.com", nil]
    static let paths = ["/", "/foo", "/foo/", "/foo/bar", "/fo", "/foo/bar/", "/bar", "/foo/bar/baz"]
    static let types = ["Exact", "Prefix", "ImplementationSpecific"]
    static let stamps: [String?] = ["2021-01-01T00:00:00Z", "2022-06-01T00:00:00Z", nil, nil]
    static let requestHosts = ["a.com", "b.a.com", "c.a.com", "x.b.a.com", "A.COM:8080", "y.x.b.a.com", "other.org"]
    static let requestPaths = ["/", "/foo", "/foo/", "/foo/bar", "/foobar", "/foo/bar/baz", "/fo", "/bar?x=1", "/foo/bar/", "/Foo", "/foo/barbaz"]

    // MARK: the reference, from the spec text

    struct Candidate { var ing: Ing; var rule: Int; var index: Int; var path: Path }

    static func hostMatches(_ ruleHost: String?, _ request: String) -> Int? {
        guard let ruleHost else { return 0 }
        if !ruleHost.hasPrefix("*.") { return ruleHost == request ? 2 : nil }
        let parts = request.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty else { return nil }
        return String(parts[1]) == String(ruleHost.dropFirst(2)) ? 1 : nil
    }

    static func pathMatches(_ path: Path, _ request: String) -> Bool {
        if path.type == "Exact" { return request == path.path }
        if path.path == "/" { return true }
        let trimmed = path.path.hasSuffix("/") ? String(path.path.dropLast()) : path.path
        return request == trimmed || request.hasPrefix(trimmed + "/")
    }

    static func older(_ a: Ing, _ b: Ing) -> Bool? {
        switch (a.created, b.created) {
        case let (x?, y?) where x != y: return x < y
        case (.some, nil): return true
        case (nil, .some): return false
        default: return a.name == b.name ? nil : a.name < b.name
        }
    }

    static func beats(_ a: Candidate, _ b: Candidate) -> Bool {
        if a.path.path.count != b.path.path.count { return a.path.path.count > b.path.path.count }
        let aExact = a.path.type == "Exact", bExact = b.path.type == "Exact"
        if aExact != bExact { return aExact }
        if let older = older(a.ing, b.ing) { return older }
        return (a.rule, a.index) < (b.rule, b.index)
    }

    static func reference(_ ingresses: [Ing], host rawHost: String, path rawPath: String) -> String {
        var host = rawHost.lowercased()
        if let colon = host.firstIndex(of: ":") { host = String(host[..<colon]) }
        let path = rawPath.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? rawPath
        // Host first: the most specific host pattern that any rule has.
        var best = -1
        for ing in ingresses {
            for rule in ing.rules where rule.host != nil || rule.paths != nil {
                if let score = hostMatches(rule.host, host) { best = max(best, score) }
            }
        }
        var winner: Candidate?
        if best >= 0 {
            for ing in ingresses {
                for (ruleIndex, rule) in ing.rules.enumerated() where hostMatches(rule.host, host) == best {
                    for (index, candidate) in (rule.paths ?? []).enumerated() where pathMatches(candidate, path) {
                        let current = Candidate(ing: ing, rule: ruleIndex, index: index, path: candidate)
                        if winner.map({ beats(current, $0) }) ?? true { winner = current }
                    }
                }
            }
        }
        if let winner { return winner.path.service }
        let defaults = ingresses.filter { $0.defaultService != nil }.sorted { older($0, $1) ?? false }
        return defaults.first?.defaultService ?? "404"
    }

    // MARK: generation

    static func randomIngresses(_ random: inout Generator) -> [Ing] {
        var ingresses: [Ing] = []
        let count = Int(1 + random.next() % 4)
        for number in 0..<count {
            var rules: [Rule] = []
            for _ in 0..<Int(1 + random.next() % 3) {
                let host: String? = random.pick(Self.hosts)
                if host != nil && random.chance(10) {
                    rules.append(Rule(host: host, paths: nil))
                    continue
                }
                var rulePaths: [Path] = []
                for _ in 0..<Int(1 + random.next() % 4) {
                    let path: String = random.pick(Self.paths)
                    let type: String = random.pick(Self.types)
                    let service = "s" + String(random.next() % 1000)
                    rulePaths.append(Path(path: path, type: type, service: service))
                }
                rules.append(Rule(host: host, paths: rulePaths))
            }
            let created: String? = random.pick(Self.stamps)
            let defaultService: String? = random.chance(25) ? "d" + String(random.next() % 1000) : nil
            ingresses.append(Ing(name: "ing\(number)-\(random.next() % 100)", created: created, rules: rules, defaultService: defaultService))
        }
        return ingresses
    }

    static func yaml(_ ingresses: [Ing]) -> String {
        ingresses.map { ing in
            var text = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: \(ing.name)\n"
            if let created = ing.created { text += "  creationTimestamp: \"\(created)\"\n" }
            text += "spec:\n"
            if let service = ing.defaultService { text += "  defaultBackend: {service: {name: \(service), port: {number: 80}}}\n" }
            text += "  rules:\n"
            for rule in ing.rules {
                guard let paths = rule.paths else {
                    text += "  - host: \"\(rule.host ?? "")\"\n"
                    continue
                }
                text += "  - "
                if let host = rule.host { text += "host: \"\(host)\"\n    " }
                text += "http:\n      paths:\n"
                for path in paths {
                    text += "      - {path: \"\(path.path)\", pathType: \(path.type), backend: {service: {name: \(path.service), port: {number: 80}}}}\n"
                }
            }
            return text
        }.joined(separator: "---\n")
    }

    @Test(arguments: 0..<40)
    func compiledTableAgreesWithTheReference(batch: Int) {
        for offset in 0..<25 {
            let seed = UInt64(batch * 25 + offset)
            var random = Generator(state: seed)
            var ingresses = Self.randomIngresses(&random)
            // Names must be unique: the inventory keeps the first of duplicates.
            for index in ingresses.indices { ingresses[index].name = "ing\(index)-\(ingresses[index].name)" }
            let table = RoutingFixtures.table(Self.yaml(ingresses))
            for host in Self.requestHosts {
                for path in Self.requestPaths {
                    let expected = Self.reference(ingresses, host: host, path: path)
                    let actual = RoutingFixtures.backend(table, host: host, path: path)
                    #expect(actual == expected, "seed \(seed): \(host)\(path)")
                    if actual != expected { return }
                }
            }
        }
    }
}

/// The compact lookup that `resolve` uses agrees with walking the PathIndex buckets.
@Suite struct CompactIndexAgreementTests {
    @Test(arguments: 0..<10)
    func compactLookupAgreesWithBucketWalk(batch: Int) {
        for offset in 0..<50 {
            var random = ReferenceMatcherPropertyTests.Generator(state: UInt64(10_000 + batch * 50 + offset))
            var ingresses = ReferenceMatcherPropertyTests.randomIngresses(&random)
            for index in ingresses.indices { ingresses[index].name = "ing\(index)-\(ingresses[index].name)" }
            let table = RoutingFixtures.table(ReferenceMatcherPropertyTests.yaml(ingresses))
            guard let classTable = table.table(forClass: nil) else { continue }
            for host in ReferenceMatcherPropertyTests.requestHosts {
                for path in ReferenceMatcherPropertyTests.requestPaths + ["", "/foo/bar/baz/qux/" + String(repeating: "a/", count: 80)] {
                    let fast = classTable.resolve(host: host, path: path)
                    let walked = classTable.resolveByWalking(host: RequestHost.normalizedSlice(host), path: RoutePath.matchableSlice(path))
                    #expect(fast.backend == walked.backend, "\(host)\(path)")
                }
            }
        }
    }
}
