import Foundation
import Testing

/// examples/ingress-nginx: each behaviour of ingress-nginx that the specification does not have,
/// verified in-process and as real requests through the proxy, with the same outcome.
@Suite struct IngressNginxExampleTests {
    static let example = "examples/ingress-nginx"
    static let expectations = "examples/ingress-nginx/expectations.yaml"
    let root = CLIRunner.repositoryRoot

    @Test func everyExpectationHoldsInProcess() throws {
        let outcome = try CLIRunner.run(["verify", Self.example, "--expect", Self.expectations], cwd: root)
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("20 expectations: 20 held, 0 failed"))
        #expect(outcome.stdout.contains("path /search/shoes?size=9"))
    }

    @Test func everyExpectationHoldsThroughTheProxy() throws {
        let outcome = try CLIRunner.run(["verify", Self.example, "--expect", Self.expectations, "--serve"], cwd: root)
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("20 expectations: 20 held, 0 failed"))
        #expect(outcome.stdout.contains("PASS GET http://blog.example.com/ → 302 to http://blog.example.com/home"))
    }

    @Test func theSameRequestsFailTheSameWayInBothModes() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let file = directory.appendingPathComponent("wrong.yaml")
        try """
            expectations:
              - request: GET http://shop.example.com/find/shoes
                path: /find/shoes
              - request: GET http://blog.example.com/
                status: 302
                location: http://blog.example.com/
              - request: GET http://shop.example.com/cart
                weights: {cart:80: 50, cart-canary:80: 50}
                count: 400
              - request: GET http://shop.example.com/cart
                backend: cart:80
            """.write(to: file, atomically: true, encoding: .utf8)
        for mode in [[], ["--serve"]] {
            let outcome = try CLIRunner.run(["verify", Self.example, "--expect", file.path] + mode, cwd: root)
            #expect(outcome.status == 1, "\(mode)")
            #expect(outcome.stdout.contains("expected the backend to receive /find/shoes, it received /search/shoes"), "\(mode): \(outcome.stdout)")
            #expect(outcome.stdout.contains("expected a redirect to http://blog.example.com/, got one to http://blog.example.com/home"), "\(mode)")
            #expect(outcome.stdout.contains("expected 50% to default/cart:80, got"), "\(mode)")
            #expect(outcome.stdout.contains("the request is split (90% default/cart:80, 10% default/cart-canary:80)"), "\(mode)")
            #expect(outcome.stdout.contains("4 expectations: 0 held, 4 failed"), "\(mode)")
        }
    }
}
