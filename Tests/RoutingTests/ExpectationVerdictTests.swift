import IngressModel
import Inventory
import ManifestLoader
import Testing
@testable import Routing

/// One verdict for both modes of `verify`: the same observation judged the same way, whether the
/// route table found it or a real request through the proxy did.
@Suite struct ExpectationVerdictTests {
    static let inventory = Inventory(ManifestLoader().load(text: """
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: shop}
        spec: {ports: [{name: http, port: 80}]}
        """, file: "s.yaml").objects)

    static func expectation(_ yaml: String) throws -> Routing.Expectation {
        try #require(try ExpectationFile.parse("expectations:\n  - " + yaml, file: "e.yaml", defaultNamespace: "shop").first)
    }

    @Test func aNamedPortMatchesItsNumberInBothModes() throws {
        let expectation = try Self.expectation("{request: GET http://shop.example.com/, backend: shop/web:http}")
        for verb in ["got", "answered by"] {
            let observation = Observation(status: 200, backend: .service(namespace: "shop", name: "web", port: .number(80)), backendVerb: verb, instead: "404")
            #expect(ExpectationVerdict.failures(expectation, observation, inventory: Self.inventory).isEmpty, "\(verb)")
        }
    }

    @Test func anotherBackendFailsWithWhatGotTheRequest() throws {
        let expectation = try Self.expectation("{request: GET http://shop.example.com/, backend: shop/web:80}")
        let observation = Observation(status: 200, backend: .service(namespace: "shop", name: "api", port: .number(80)), backendVerb: "answered by", instead: "404")
        #expect(ExpectationVerdict.failures(expectation, observation, inventory: Self.inventory) == ["expected shop/web:80, answered by shop/api:80"])
    }

    @Test func noBackendSaysWhatCameInstead() throws {
        let expectation = try Self.expectation("{request: GET http://shop.example.com/, backend: shop/web:80}")
        let observation = Observation(status: 404, backend: nil, backendVerb: "got", instead: "404")
        #expect(ExpectationVerdict.failures(expectation, observation, inventory: Self.inventory) == ["expected shop/web:80, got 404"])
    }

    @Test func aStatusTheTableCannotKnowNeedsServe() throws {
        let expectation = try Self.expectation("{request: GET http://shop.example.com/, status: 302}")
        let inProcess = Observation(status: nil, backend: .service(namespace: "shop", name: "web", port: .number(80)), backendVerb: "got", instead: "404")
        #expect(ExpectationVerdict.failures(expectation, inProcess, inventory: Self.inventory) == ["status 302 can only be observed with --serve"])
        let live = Observation(status: 302, backend: nil, backendVerb: "answered by", instead: "status 302 without an echo reply")
        #expect(ExpectationVerdict.failures(expectation, live, inventory: Self.inventory).isEmpty)
    }

    @Test func anotherCertificateFails() throws {
        let expectation = try Self.expectation("{request: GET https://shop.example.com/, status: 200, tls: {secret: shop-tls}}")
        let live = Observation(status: 200, backend: nil, backendVerb: "answered by", instead: "", presentedExpectedCertificate: false)
        // Without a backend the Secret's namespace is the first Ingress's, else default.
        #expect(ExpectationVerdict.failures(expectation, live, inventory: Self.inventory) == ["expected the certificate of Secret default/shop-tls, the proxy presented another"])
    }
}
