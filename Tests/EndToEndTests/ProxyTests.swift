import Foundation
import LoopbackFixtures
import Testing

/// The reference proxy with real sockets on loopback and curl as the client.
@Suite(.serialized) struct ProxyTests {
    static let fanout = "examples/routing/fanout.yaml"
    /// These tests are about the proxy's mechanics: the fanout routed by the specification.
    static let bySpecification = ["--controller", "nginx=spec"]
    let root = CLIRunner.repositoryRoot

    func echoReply(_ response: Curl.Response) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any])
    }

    @Test func routesByHostAndPathToEchoBackendsAndAddsForwardingHeaders() throws {
        let proxy = try ProxyProcess([Self.fanout, "--echo"] + Self.bySpecification, cwd: root)
        let response = try Curl.get(proxy.baseURL, host: "foo.bar.com", path: "/foo/x?q=1")
        #expect(response.status == 200)
        #expect(response.headers.contains("Server: ingress-guard"))
        let reply = try echoReply(response)
        #expect(reply["service"] as? String == "service1")
        #expect(reply["port"] as? String == "4200")
        #expect(reply["ingress"] as? String == "default/simple-fanout-example")
        let request = try #require(reply["request"] as? [String: Any])
        #expect(request["path"] as? String == "/foo/x?q=1")
        #expect(request["host"] as? String == "foo.bar.com")
        let headers = try #require(request["headers"] as? [String: [String]])
        #expect(headers["x-forwarded-for"] == ["127.0.0.1"])
        #expect(headers["x-forwarded-host"] == ["foo.bar.com"])
        #expect(headers["x-forwarded-proto"] == ["http"])
        let wildcard = try echoReply(try Curl.get(proxy.baseURL, host: "api.bar.com:8443", path: "/"))
        #expect(wildcard["service"] as? String == "wildcard")
        let fallback = try echoReply(try Curl.get(proxy.baseURL, host: "foo.bar.com", path: "/nothing"))
        #expect(fallback["service"] as? String == "fallback")
        #expect(proxy.stop() == 0)
    }

    @Test func answers404WhenNothingMatchesAnd503WithoutEndpoints() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let file = directory.appendingPathComponent("one.yaml")
        try """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: one}
            spec:
              rules:
              - host: foo.bar.com
                http:
                  paths:
                  - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}
            """.write(to: file, atomically: true, encoding: .utf8)
        let proxy = try ProxyProcess([file.path])
        #expect(try Curl.get(proxy.baseURL, host: "foo.bar.com", path: "/other").status == 404)
        #expect(try Curl.get(proxy.baseURL, host: "other.org", path: "/api").status == 404)
        let unavailable = try Curl.get(proxy.baseURL, host: "foo.bar.com", path: "/api/x")
        #expect(unavailable.status == 503)
        #expect(unavailable.body.contains("default/api:80 has no endpoints"))
        #expect(proxy.stop() == 0)
    }

    @Test func answers502WhenTheBackendRefusesAnd504WhenItIsSilent() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let file = directory.appendingPathComponent("two.yaml")
        try """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: two}
            spec:
              rules:
              - http:
                  paths:
                  - {path: /refused, pathType: Prefix, backend: {service: {name: refused, port: {number: 80}}}}
                  - {path: /silent, pathType: Prefix, backend: {service: {name: silent, port: {number: 80}}}}
            """.write(to: file, atomically: true, encoding: .utf8)
        let silent = try SilentListener()
        let proxy = try ProxyProcess([
            file.path, "--upstream-timeout", "1",
            "--backend", "refused:80=http://127.0.0.1:\(RefusingPort.reserve())",
            "--backend", "silent:80=http://127.0.0.1:\(silent.port)",
        ])
        #expect(try Curl.get(proxy.baseURL, host: "any.example.com", path: "/refused").status == 502)
        let started = Date()
        #expect(try Curl.get(proxy.baseURL, host: "any.example.com", path: "/silent").status == 504)
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(proxy.stop() == 0)
    }

    @Test func spreadsRequestsRoundRobinOverReplicas() throws {
        let proxy = try ProxyProcess([Self.fanout, "--echo", "--replicas", "3"] + Self.bySpecification, cwd: root)
        var replicas: [Int] = []
        for _ in 0..<6 {
            replicas.append(try echoReply(try Curl.get(proxy.baseURL, host: "foo.bar.com", path: "/bar"))["replica"] as? Int ?? -1)
        }
        #expect(replicas == [0, 1, 2, 0, 1, 2])
        #expect(proxy.stop() == 0)
    }

    @Test func echoReplicasFollowTheEndpointSlicesAndEndpointsOfTheInputs() throws {
        let proxy = try ProxyProcess(["examples/replicas/cluster.yaml", "--echo"], cwd: root)
        #expect(proxy.lines.filter { $0.hasPrefix("echo shop/web:80 replica") }.count == 3, "\(proxy.lines)")
        #expect(proxy.lines.filter { $0.hasPrefix("echo shop/legacy:8080 replica") }.count == 2, "\(proxy.lines)")
        var replicas: [Int] = []
        for _ in 0..<4 {
            replicas.append(try echoReply(try Curl.get(proxy.baseURL, host: "shop.example.com", path: "/old/x"))["replica"] as? Int ?? -1)
        }
        #expect(replicas == [0, 1, 0, 1])
        #expect(try Curl.get(proxy.baseURL, host: "shop.example.com", path: "/maintenance").status == 503)
        #expect(proxy.stop() == 0)
    }

    @Test func verifyServeSendsRealRequestsThroughTheProxy() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let expectations = directory.appendingPathComponent("expect.yaml")
        try """
            expectations:
              - request: GET http://foo.bar.com/foo/x
                backend: default/service1:4200
              - request: GET http://api.bar.com/anything
                backend: wildcard:http
              - request: GET http://10.0.0.1/healthz
                backend: health:8080
              - request: GET http://foo.bar.com/bar
                backend: service1:4200
            """.write(to: expectations, atomically: true, encoding: .utf8)
        let outcome = try CLIRunner.run(["verify", Self.fanout, "--expect", expectations.path, "--serve"] + Self.bySpecification, cwd: root)
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("PASS GET http://api.bar.com/anything → 200 from default/wildcard:80 replica 0"))
        #expect(outcome.stdout.contains("FAIL GET http://foo.bar.com/bar"))
        #expect(outcome.stdout.contains("answered by default/service2:8080"))
        #expect(outcome.stdout.contains("4 expectations: 3 held, 1 failed"))
    }

    /// ingress-nginx's semantics through the proxy, with curl: a redirect the proxy answers itself,
    /// the rewritten path the backend receives, and a canary chosen by header.
    @Test func routesAnIngressNginxClassAsIngressNginxDoes() throws {
        let proxy = try ProxyProcess(["examples/ingress-nginx", "--echo"], cwd: root)
        let redirect = try Curl.get(proxy.baseURL, host: "secure.example.com", path: "/login?from=mail")
        #expect(redirect.status == 308)
        #expect(redirect.headers.contains("Location: https://secure.example.com/login?from=mail"), "\(redirect.headers)")
        let rewritten = try echoReply(try Curl.get(proxy.baseURL, host: "shop.example.com", path: "/find/shoes?size=9"))
        #expect(rewritten["service"] as? String == "search")
        let request = try #require(rewritten["request"] as? [String: Any])
        #expect(request["path"] as? String == "/search/shoes?size=9")
        let canary = try echoReply(try Curl.get(proxy.baseURL, host: "shop.example.com", path: "/cart", extra: ["-H", "X-Canary: always"]))
        #expect(canary["service"] as? String == "cart-canary")
        let main = try echoReply(try Curl.get(proxy.baseURL, host: "shop.example.com", path: "/CART/x", extra: ["-H", "X-Canary: never"]))
        #expect(main["service"] as? String == "cart")
        #expect(try Curl.get(proxy.baseURL, host: "down.example.com", path: "/").status == 503)
        #expect(proxy.stop() == 0)
    }

    @Test func refusesAmbiguousRequestFraming() throws {
        let proxy = try ProxyProcess([Self.fanout, "--echo"] + Self.bySpecification, cwd: root)
        let smuggled = try Curl.get(proxy.baseURL, host: "foo.bar.com", path: "/foo", extra: [
            "-X", "POST", "-H", "Content-Length: 4", "-H", "Transfer-Encoding: chunked", "--data-binary", "abcd",
        ])
        #expect(smuggled.status == 400)
        #expect(proxy.stop() == 0)
    }
}

struct CLIRunnerError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
