import IngressModel

/// A request `diff` sends to both routings.
public struct ProbeRequest: Sendable, Hashable {
    public var scheme: String
    public var host: String
    public var target: String
    public var headers: [String: String]

    /// `http(s)` when both schemes differ alike.
    public var url: String { "\(scheme)://\(host)\(target)" }

    public var description: String {
        "GET \(url)" + (headers.isEmpty ? "" : " " + headers.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))
    }
}

/// The requests that tell two routings apart, generated from both route tables: each rule path
/// exactly, below it, with and without a trailing slash, in other letter case, just outside a
/// prefix, a sample of each regex, each wildcard host, and the headers and cookies of canaries,
/// over http and https.
public enum DistinguishingRequests {
    public static let otherHost = "unmatched.example.invalid"

    public static func generate(_ tables: [ClassRouteTable]) -> [ProbeRequest] {
        var paths: [String: Set<String>] = [:]
        var canaryRequests: [ProbeRequest] = []
        func add(_ host: String, _ path: String) {
            paths[requestHost(host), default: []].formUnion(variants(of: path))
        }
        for table in tables {
            for (pattern, index) in table.hostIndexes {
                for route in index.allRoutes { add(pattern.description, route.path) }
                if index.allRoutes.isEmpty { add(pattern.description, "/") }
            }
            if !table.defaultBackends.isEmpty { add(otherHost, "/") }
            guard let nginx = table.nginx else { continue }
            for (name, server) in nginx.servers {
                add(name, "/")
                for alias in server.aliases { add(alias, "/") }
                for location in server.locations {
                    add(name, location.route?.path ?? location.path)
                    for alias in server.aliases { add(alias, location.route?.path ?? location.path) }
                }
            }
            for canary in nginx.canaries.values {
                var variantsOfHeaders: [[String: String]] = []
                if let header = canary.header {
                    variantsOfHeaders.append([header: canary.headerValue ?? "always"])
                    if canary.headerValue == nil { variantsOfHeaders.append([header: "never"]) }
                }
                if let cookie = canary.cookie { variantsOfHeaders.append(["Cookie": "\(cookie)=always"]) }
                let host = requestHost(canary.route.host.description)
                for path in variants(of: canary.route.path).sorted() {
                    for extra in variantsOfHeaders {
                        for scheme in ["http", "https"] { canaryRequests.append(ProbeRequest(scheme: scheme, host: host, target: path, headers: extra)) }
                    }
                }
            }
        }
        var requests: [ProbeRequest] = []
        for host in paths.keys.sorted() {
            for path in (paths[host] ?? []).sorted() {
                for scheme in ["http", "https"] {
                    requests.append(ProbeRequest(scheme: scheme, host: host, target: path, headers: [:]))
                }
            }
        }
        // Both tables bring their canaries: each request is tried once.
        var seen = Set<ProbeRequest>()
        return (requests + canaryRequests).filter { seen.insert($0).inserted }
    }

    /// A host to send for a rule host: itself, a one-label name under a wildcard, an unknown
    /// name for the rules without a host.
    static func requestHost(_ host: String) -> String {
        if host == "(any host)" || host == "_" || host.isEmpty { return otherHost }
        if host.hasPrefix("*.") { return "sample" + host.dropFirst(1) }
        return host
    }

    /// A request path that the rule path matches: itself when plain, else a sample of its regex
    /// (nil when none can be made).
    public static func sample(ofPath path: String) -> String? {
        samples.value(for: path) { path in
            let regex = NginxRegex.compiled("^" + path, ignoringCase: true)
            // A path that matches itself as a regex (`/a.html`, `/foo`) is its own best sample.
            if regex.firstMatch(in: Substring(path)).map({ $0.first??.count == path.count }) == true { return path }
            guard let sample = RegexSample.sample(path), regex.matches(Substring(sample)) else { return nil }
            return sample
        }
    }

    /// Samples per path, kept as the compiled patterns are (`NginxRegex.compiled`).
    private static let samples = BoundedMemo<String, String?>(capacity: 16_384)

    /// The path, below it, with and without a trailing slash, in upper case, just outside it, and
    /// a sample of it read as a regex.
    static func variants(of raw: String) -> Set<String> {
        let path = raw.isEmpty ? "/" : raw
        var result: Set<String> = ["/"]
        let isPlain = !path.contains(where: { "^$()[]{}*+?|\\.".contains($0) })
        if isPlain {
            let bare = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
            result.formUnion([path, bare, bare == "/" ? "/" : bare + "/", bare == "/" ? "/sub" : bare + "/sub", path.uppercased()])
            if bare != "/" { result.insert(bare + "x") }
        }
        if let sample = RegexSample.sample(path), NginxRegex.compiled("^" + path, ignoringCase: true).matches(Substring(sample)) {
            result.formUnion([sample, sample.uppercased(), sample.hasSuffix("/") ? sample + "sub" : sample + "/sub"])
        }
        return result
    }
}
