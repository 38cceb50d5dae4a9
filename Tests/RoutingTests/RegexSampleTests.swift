import Testing
@testable import Routing

/// `diff` sends a sample of each regex path: it must be a string the path's regex matches.
@Suite struct RegexSampleTests {
    @Test(arguments: [
        "/id/[0-9]+", "/id/[0-9]+$", "/id/[0-9]{3}$", "/id/[0-9]+/post/[a-zA-Z]+$", "/foo/bar/(.+)", "/something(/|$)(.*)",
        "/foo.+", "/foo/bar/[A-Z0-9]{3}", "/api/v\\d+/users", "/(?:a|b)/x", "/static/.*\\.(css|js)$",
    ])
    func samplesMatchTheirRegex(pattern: String) throws {
        let sample = try #require(RegexSample.sample(pattern), "\(pattern) gives a sample")
        #expect(NginxRegex("^" + pattern, ignoringCase: true).matches(Substring(sample)), "\(sample) matches \(pattern)")
    }

    @Test func samplesAreShortInstances() {
        #expect(RegexSample.sample("/id/[0-9]+") == "/id/0")
        #expect(RegexSample.sample("/something(/|$)(.*)") == "/something/x")
        #expect(RegexSample.sample("/id/[0-9]{3}$") == "/id/000")
        #expect(RegexSample.sample("[^/]+") == nil)
    }
}
