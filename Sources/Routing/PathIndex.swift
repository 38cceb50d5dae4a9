/// The routes of one host, indexed so that a lookup costs O(path depth), never O(routes).
///
/// Exact routes are keyed by their path. Prefix routes are keyed by the path without one trailing
/// slash; a request path then only needs the keys it could match: "" (the `/` routes), each
/// prefix of the request that ends before a `/`, and the whole request path.
public struct PathIndex: Sendable {
    /// Each bucket is kept in precedence order, the winner first.
    public private(set) var exact: [String: [Route]] = [:]
    public private(set) var prefix: [String: [Route]] = [:]
    public private(set) var routeCount = 0

    public init() {}

    mutating func insert(_ route: Route) {
        routeCount += 1
        switch route.matchType {
        case .exact: Self.insert(route, into: &exact[route.path, default: []])
        case .prefix: Self.insert(route, into: &prefix[route.prefixKey, default: []])
        }
    }

    private static func insert(_ route: Route, into bucket: inout [Route]) {
        let position = bucket.firstIndex { Precedence.wins(route, over: $0) } ?? bucket.endIndex
        bucket.insert(route, at: position)
    }

    /// The winning route for a request path (query already removed).
    public func match(_ path: String) -> Route? {
        var best = exact[path]?.first
        forEachPrefixKey(of: path) { key in
            if let candidate = prefix[key]?.first, best.map({ Precedence.wins(candidate, over: $0) }) ?? true {
                best = candidate
            }
        }
        return best
    }

    /// Every route that matches the path, winner first (for `explain`).
    public func matches(_ path: String) -> [Route] {
        var all = exact[path] ?? []
        forEachPrefixKey(of: path) { key in all += prefix[key] ?? [] }
        return all.sorted { Precedence.wins($0, over: $1) }
    }

    public var allRoutes: [Route] {
        (exact.values.flatMap { $0 } + prefix.values.flatMap { $0 })
    }

    private func forEachPrefixKey(of path: String, _ body: (String) -> Void) {
        body("")
        let utf8 = path.utf8
        var index = utf8.startIndex
        while index != utf8.endIndex {
            if utf8[index] == UInt8(ascii: "/"), index != utf8.startIndex {
                body(String(path[..<index]))
            }
            index = utf8.index(after: index)
        }
        if !path.isEmpty { body(path) }
    }
}
