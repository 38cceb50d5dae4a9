import Testing
@testable import Routing

/// The ingress-nginx annotation table: every pattern compiles, and values are judged as
/// ingress-nginx's validators judge them.
@Suite struct IngressNginxAnnotationTests {
    @Test func everyPatternCompilesAndEveryNameIsOnce() throws {
        var seen: Set<String> = []
        for entry in IngressNginxAnnotation.table {
            #expect(seen.insert(entry.name).inserted, "\(entry.name) is listed twice")
            if case .pattern(let pattern) = entry.check {
                #expect(IngressNginxAnnotation.compiles(pattern), "\(entry.name): \(pattern) does not compile")
            }
        }
        #expect(IngressNginxAnnotation.table.count >= 130)
    }

    @Test(arguments: [
        ("connection-proxy-header", "close", true), ("connection-proxy-header", "keep-alive", true), ("connection-proxy-header", "upgrade", false),
        ("app-root", "/app1", true), ("app-root", "app1", false), ("app-root", "http://example.com/app", false),
        ("auth-response-headers", "X-User, X-Email", true), ("auth-response-headers", "X-User;", false),
        ("proxy-cookie-domain", "off", true), ("proxy-cookie-domain", "localhost example.org", true), ("proxy-cookie-domain", "example.org", false),
        ("allowlist-source-range", "10.0.0.0/8, 192.168.1.1", true), ("allowlist-source-range", "10.0.0.0/33", false),
        ("allowlist-source-range", "010.0.0.1", false), ("allowlist-source-range", "2001:db8::/32", true), ("allowlist-source-range", "10.0.0.0/8,", false),
        ("canary-weight", "10", true), ("canary-weight", "ten", false), ("canary", "true", true), ("canary", "yes", false),
        ("proxy-body-size", "8m", true), ("proxy-body-size", "8 m", true), ("proxy-body-size", "8mb", false),
        ("backend-protocol", "GRPC", true), ("backend-protocol", "grpc", true), ("backend-protocol", "H2C", false),
        ("rewrite-target", "/$2", true), ("rewrite-target", "/$2;", false),
        ("ssl-redirect", "false", true), ("ssl-redirect", "off", false),
        ("auth-type", "basic", true), ("auth-type", "basicauth", false),
        ("use-regex", "", true),
    ])
    func valuesAreJudgedAsIngressNginxDoes(name: String, value: String, accepted: Bool) throws {
        let entry = try #require(IngressNginxAnnotation.entry(forKey: "nginx.ingress.kubernetes.io/" + name))
        #expect(entry.accepts(value) == accepted, "\(name): \"\(value)\"")
    }

    /// Answers are remembered per value: asked again, or after the table of
    /// answers has been emptied for its bound, a value is judged the same.
    @Test func rememberedAnswersAreTheAnswers() throws {
        let size = try #require(IngressNginxAnnotation.entry(forKey: "nginx.ingress.kubernetes.io/proxy-body-size"))
        for _ in 0..<3 {
            #expect(size.accepts("8m") && !size.accepts("8mb") && size.accepts("8 m"))
        }
        for number in 0..<5000 { #expect(size.accepts("\(number)k"), "\(number)k") }
        #expect(size.accepts("8m") && !size.accepts("8mb"))
        #expect(!size.accepts(String(repeating: "9", count: 300) + "mb"), "a long value is matched, not remembered")
    }

    @Test func onlyTheSnippetsAreAboveTheDefaultRiskLevel() {
        let refused = IngressNginxAnnotation.table.filter { $0.risk > IngressNginxAnnotation.defaultRiskLevel }.map(\.name).sorted()
        #expect(refused == ["auth-snippet", "configuration-snippet", "modsecurity-snippet", "server-snippet", "stream-snippet"])
    }
}
