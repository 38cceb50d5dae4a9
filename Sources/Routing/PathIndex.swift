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
    public private(set) var exact: [String: [Route]] = [:]
    public private(set) var prefix: [String: [Route]] = [:]
    public private(set) var routeCount = 0
    private var exactWinner: [Substring: Route] = [:]
    private var prefixWinner: [Substring: Route] = [:]

    public init() {}

    mutating func insert(_ route: Route) {
        routeCount += 1
        switch route.matchType {
        case .exact:
            Self.insert(route, into: &exact[route.path, default: []])
            exactWinner[Substring(route.path)] = exact[route.path]?.first
        case .prefix:
            Self.insert(route, into: &prefix[route.prefixKey, default: []])
            prefixWinner[Substring(route.prefixKey)] = prefix[route.prefixKey]?.first
        }
    }

    private static func insert(_ route: Route, into bucket: inout [Route]) {
        let position = bucket.firstIndex { Precedence.wins(route, over: $0) } ?? bucket.endIndex
        bucket.insert(route, at: position)
    }

    /// The winning route for a request path (query already removed).
    public func match(_ path: Substring) -> Route? {
        let exactMatch = exactWinner.isEmpty ? nil : exactWinner[path]
        guard let prefixMatch = longestPrefixMatch(path) else { return exactMatch }
        guard let exactMatch else { return prefixMatch }
        return Precedence.wins(prefixMatch, over: exactMatch) ? prefixMatch : exactMatch
    }

    public func match(_ path: String) -> Route? { match(Substring(path)) }

    private func longestPrefixMatch(_ path: Substring) -> Route? {
        if prefixWinner.isEmpty { return nil }
        if !path.isEmpty, let route = prefixWinner[path] { return route }
        let utf8 = path.utf8
        var index = utf8.endIndex
        while index > utf8.startIndex {
            index = utf8.index(before: index)
            if utf8[index] == UInt8(ascii: "/"), index != utf8.startIndex, let route = prefixWinner[path[..<index]] {
                return route
            }
        }
        return prefixWinner[""]
    }

    /// Every route that matches the path, winner first (for `explain`).
    public func matches(_ path: String) -> [Route] {
        var all = exact[path] ?? []
        all += prefix[""] ?? []
        let utf8 = path.utf8
        var index = utf8.startIndex
        while index != utf8.endIndex {
            if utf8[index] == UInt8(ascii: "/"), index != utf8.startIndex { all += prefix[String(path[..<index])] ?? [] }
            index = utf8.index(after: index)
        }
        if !path.isEmpty { all += prefix[path] ?? [] }
        return all.sorted { Precedence.wins($0, over: $1) }
    }

    public var allRoutes: [Route] {
        exact.values.flatMap { $0 } + prefix.values.flatMap { $0 }
    }
}
