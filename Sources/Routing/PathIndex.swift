import IngressModel

/// The routes of one host, indexed so that a lookup costs O(path depth) hash probes on slices of
/// the request path, never O(routes) and without allocating.
///
/// Exact routes are keyed by their path. Prefix routes are keyed by the path without one trailing
/// slash, so a request only probes "" (the `/` routes), each prefix of it that ends before a `/`,
/// and itself. A longer key always holds longer rule paths (keys differ by at least one element),
/// so the first key found from the longest down holds the best Prefix route; only the trailing-slash
/// case (`Prefix /foo/` against `Exact /foo`) needs a full precedence comparison with the Exact winner.
public struct PathIndex: Sendable {
    /// Each bucket is kept in precedence order, the winner first (for analyses and `explain`).
    /// Keyed by bytes (`ByteText`): paths that differ only in their Unicode normalisation are two.
    public private(set) var exact: [ByteText: [Route]] = [:]
    public private(set) var prefix: [ByteText: [Route]] = [:]
    public private(set) var routeCount = 0
    private var exactWinner: [ByteText: Route] = [:]
    private var prefixWinner: [ByteText: Route] = [:]

    public init() {}

    mutating func insert(_ route: Route) {
        routeCount += 1
        switch route.matchType {
        case .exact:
            let key = ByteText(route.path)
            Self.insert(route, into: &exact[key, default: []])
            exactWinner[key] = exact[key]?.first
        case .prefix:
            let key = ByteText(route.prefixKey)
            Self.insert(route, into: &prefix[key, default: []])
            prefixWinner[key] = prefix[key]?.first
        }
    }

    /// The bucket is in precedence order: one Ingress with 8,000 copies of a path had each copy
    /// scan all before it (a lint of 3 s, an admission that held the webhook).
    private static func insert(_ route: Route, into bucket: inout [Route]) {
        bucket.insert(route, at: bucket.partitionIndex { Precedence.wins(route, over: $0) })
    }

    /// The winning route for a request path (query already removed).
    public func match(_ path: Substring) -> Route? {
        let exactMatch = exactWinner.isEmpty ? nil : exactWinner[ByteText(path)]
        guard let prefixMatch = longestPrefixMatch(path) else { return exactMatch }
        guard let exactMatch else { return prefixMatch }
        return Precedence.wins(prefixMatch, over: exactMatch) ? prefixMatch : exactMatch
    }

    public func match(_ path: String) -> Route? { match(Substring(path)) }

    private func longestPrefixMatch(_ path: Substring) -> Route? {
        if prefixWinner.isEmpty { return nil }
        if !path.isEmpty, let route = prefixWinner[ByteText(path)] { return route }
        let utf8 = path.utf8
        var index = utf8.endIndex
        while index > utf8.startIndex {
            index = utf8.index(before: index)
            if utf8[index] == UInt8(ascii: "/"), index != utf8.startIndex, let route = prefixWinner[ByteText(path[..<index])] {
                return route
            }
        }
        return prefixWinner[ByteText("")]
    }

    /// Every route that matches the path, winner first (for `explain`).
    public func matches(_ path: String) -> [Route] {
        var all = exact[ByteText(path)] ?? []
        all += prefix[ByteText("")] ?? []
        let utf8 = path.utf8
        var index = utf8.startIndex
        while index != utf8.endIndex {
            if utf8[index] == UInt8(ascii: "/"), index != utf8.startIndex { all += prefix[ByteText(path[..<index])] ?? [] }
            index = utf8.index(after: index)
        }
        if !path.isEmpty { all += prefix[ByteText(path)] ?? [] }
        return all.sorted { Precedence.wins($0, over: $1) }
    }

    public var allRoutes: [Route] {
        exact.values.flatMap { $0 } + prefix.values.flatMap { $0 }
    }
}
