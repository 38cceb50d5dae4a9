import NIOHTTP1
import Testing
@testable import Proxy

@Suite struct RoutedTargetTests {
    static func head(_ uri: String, hosts: [String], version: HTTPVersion = .http1_1) -> HTTPRequestHead {
        var head = HTTPRequestHead(version: version, method: .GET, uri: uri)
        for host in hosts { head.headers.add(name: "Host", value: host) }
        return head
    }

    @Test func originFormTakesItsHostHeader() throws {
        #expect(try RoutedTarget.read(Self.head("/a?b", hosts: ["x.example.com:8080"])).get() == RoutedTarget(host: "x.example.com:8080", path: "/a?b", absolute: false))
    }

    @Test func absoluteFormTakesItsAuthorityAndGivesOriginForm() throws {
        #expect(try RoutedTarget.read(Self.head("HTTP://y.example.com?q", hosts: ["x"])).get() == RoutedTarget(host: "y.example.com", path: "/?q", absolute: true))
        #expect(try RoutedTarget.read(Self.head("https://[::1]:8443/p", hosts: [])).get() == RoutedTarget(host: "[::1]:8443", path: "/p", absolute: true))
    }

    @Test(arguments: ["a b", "a,b", "u@a", "a/b", "a:80x", "a:123456", "[::1", "", "a\\b"])
    func badAuthoritiesAreRefused(host: String) {
        #expect(!RoutedTarget.validAuthority(host), "\(host)")
    }

    /// Another scheme's URL was routed by the Host header while the backend could read its
    /// authority from the target; `*` is OPTIONS's alone.
    @Test(arguments: ["ftp://admin.example.com/admin", "ws://admin.example.com/", "admin.example.com:80", "*"])
    func targetsThatAreNoPathNorHTTPURLAreRefused(uri: String) {
        #expect(throws: RoutedTarget.Refusal.self) { try RoutedTarget.read(Self.head(uri, hosts: ["shop.example.com"])).get() }
    }

    @Test func anAsteriskIsTheTargetOfOPTIONS() throws {
        var head = Self.head("*", hosts: ["shop.example.com"])
        head.method = .OPTIONS
        #expect(try RoutedTarget.read(head).get().path == "*")
    }

    @Test func twoHostHeadersOrNoneInHTTP11AreRefused() throws {
        #expect(throws: RoutedTarget.Refusal.self) { try RoutedTarget.read(Self.head("/", hosts: ["a", "b"])).get() }
        #expect(throws: RoutedTarget.Refusal.self) { try RoutedTarget.read(Self.head("/", hosts: [])).get() }
        #expect(try RoutedTarget.read(Self.head("/", hosts: [], version: .http1_0)).get().host == "")
    }
}

@Suite struct AccessLogFieldTests {
    @Test func plainFieldsStayAsTheyAreAndOthersAreQuoted() {
        #expect(ProxyRequestHandler.logField("x.example.com/b/1?q=2") == "x.example.com/b/1?q=2")
        #expect(ProxyRequestHandler.logField("x.example.com/a b status=200") == "\"x.example.com/a b status=200\"")
        #expect(ProxyRequestHandler.logField("x/\"q\"") == "\"x/\\\"q\\\"\"")
        #expect(ProxyRequestHandler.logField("x/\n") == "\"x/\\n\"")
    }
}
