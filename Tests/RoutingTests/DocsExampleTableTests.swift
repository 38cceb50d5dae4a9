import Testing
@testable import Routing

/// Every row of the path-matching examples table of the Kubernetes Ingress concept page
/// (INGRESS-SPEC.md part 2.1), through the real route table.
@Suite struct DocsExampleTableTests {
    struct Row: CustomTestStringConvertible, Sendable {
        var paths: [(String, String)]
        var request: String
        /// The rule path that must win, or nil when the request must not match.
        var winner: String?
        var testDescription: String { "\(paths.map { "\($0.1) \($0.0)" }) ← \(request)" }
    }

    static let rows: [Row] = [
        Row(paths: [("/", "Prefix")], request: "/anything/at/all", winner: "/"),
        Row(paths: [("/foo", "Exact")], request: "/foo", winner: "/foo"),
        Row(paths: [("/foo", "Exact")], request: "/bar", winner: nil),
        Row(paths: [("/foo", "Exact")], request: "/foo/", winner: nil),
        Row(paths: [("/foo/", "Exact")], request: "/foo", winner: nil),
        Row(paths: [("/foo", "Prefix")], request: "/foo", winner: "/foo"),
        Row(paths: [("/foo", "Prefix")], request: "/foo/", winner: "/foo"),
        Row(paths: [("/foo/", "Prefix")], request: "/foo", winner: "/foo/"),
        Row(paths: [("/foo/", "Prefix")], request: "/foo/", winner: "/foo/"),
        Row(paths: [("/aaa/bb", "Prefix")], request: "/aaa/bbb", winner: nil),
        Row(paths: [("/aaa/bbb", "Prefix")], request: "/aaa/bbb", winner: "/aaa/bbb"),
        Row(paths: [("/aaa/bbb/", "Prefix")], request: "/aaa/bbb", winner: "/aaa/bbb/"),
        Row(paths: [("/aaa/bbb", "Prefix")], request: "/aaa/bbb/", winner: "/aaa/bbb"),
        Row(paths: [("/aaa/bbb", "Prefix")], request: "/aaa/bbb/ccc", winner: "/aaa/bbb"),
        Row(paths: [("/aaa/bbb", "Prefix")], request: "/aaa/bbbxyz", winner: nil),
        Row(paths: [("/", "Prefix"), ("/aaa", "Prefix")], request: "/aaa/ccc", winner: "/aaa"),
        Row(paths: [("/", "Prefix"), ("/aaa", "Prefix"), ("/aaa/bbb", "Prefix")], request: "/aaa/bbb", winner: "/aaa/bbb"),
        Row(paths: [("/", "Prefix"), ("/aaa", "Prefix"), ("/aaa/bbb", "Prefix")], request: "/ccc", winner: "/"),
        Row(paths: [("/aaa", "Prefix")], request: "/ccc", winner: nil),
        Row(paths: [("/foo", "Prefix"), ("/foo", "Exact")], request: "/foo", winner: "Exact /foo"),
    ]

    @Test(arguments: rows)
    func docsExampleRow(row: Row) {
        // Each path gets its own backend named after it, so the backend tells which path won.
        let paths = row.paths.enumerated().map { index, pair in (pair.0, pair.1, "s\(index)") }
        let table = RoutingFixtures.table(RoutingFixtures.ingress(paths: paths))
        let resolution = table.table(forClass: nil)?.resolve(host: "foo.bar.com", path: row.request)
        guard let winner = row.winner else {
            #expect(resolution?.backend == nil)
            return
        }
        guard case .route(let route)? = resolution?.outcome else {
            Issue.record("expected \(winner) to match")
            return
        }
        if winner.hasPrefix("Exact ") {
            #expect(route.declaredType == .exact && route.path == String(winner.dropFirst(6)))
        } else {
            #expect(route.path == winner)
        }
    }
}
