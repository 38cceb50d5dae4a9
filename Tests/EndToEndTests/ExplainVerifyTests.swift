import Foundation
import Testing

/// `explain` and `verify` on examples/routing, as the README shows them.
@Suite struct ExplainVerifyTests {
    static let fanout = "examples/routing/fanout.yaml"
    static let expectations = "examples/routing/expectations.yaml"
    let root = CLIRunner.repositoryRoot

    @Test func explainNamesTheWinnerTheTLSSecretAndTheLosers() throws {
        let outcome = try CLIRunner.run(["explain", Self.fanout, "https://foo.bar.com/foo/x"], cwd: root)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("class nginx:"))
        #expect(outcome.stdout.contains("backend: default/service1:4200"))
        #expect(outcome.stdout.contains("Ingress default/simple-fanout-example spec.rules[0].http.paths[0]: host foo.bar.com, path /foo (Prefix)"))
        #expect(outcome.stdout.contains("tls:     Secret default/foo-tls"))
        #expect(outcome.stdout.contains("host *.bar.com, path / (Prefix) → default/wildcard:http: host: the more specific host foo.bar.com matched first"))
    }

    @Test func explainExitsOneOn404() throws {
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
                  - {path: /foo, pathType: Exact, backend: {service: {name: s1, port: {number: 80}}}}
            """.write(to: file, atomically: true, encoding: .utf8)
        let missed = try CLIRunner.run(["explain", file.path, "http://foo.bar.com/foo/"])
        #expect(missed.status == 1)
        #expect(missed.stdout.contains("404: host foo.bar.com matched, but no path of it matches /foo/"))
        let json = try CLIRunner.run(["explain", "--format", "json", file.path, "http://FOO.bar.com:8080/foo?q=1"])
        #expect(json.status == 0)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let first = try #require((parsed["classes"] as? [[String: Any]])?.first)
        #expect(first["backend"] as? String == "default/s1:80")
        #expect(try CLIRunner.run(["explain", file.path, "not-a-url"]).status == 2)
    }

    @Test func verifyPassesTheShippedExpectations() throws {
        let outcome = try CLIRunner.run(["verify", Self.fanout, "--expect", Self.expectations], cwd: root)
        #expect(outcome.status == 0, "\(outcome.stdout)")
        #expect(outcome.stdout.contains("7 expectations: 7 held, 0 failed"))
    }

    @Test func verifyReportsAFailedExpectationInEveryFormat() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let file = directory.appendingPathComponent("expect.yaml")
        try """
            expectations:
              - request: GET https://foo.bar.com/foo
                backend: service2:8080
              - request: GET https://foo.bar.com/foo
                status: 404
              - request: GET https://foo.bar.com/bar
                backend: default/service2:8080
            """.write(to: file, atomically: true, encoding: .utf8)
        let text = try CLIRunner.run(["verify", Self.fanout, "--expect", file.path], cwd: root)
        #expect(text.status == 1)
        #expect(text.stdout.contains("FAIL GET https://foo.bar.com/foo (\(file.path):2:5): expected default/service2:8080, got default/service1:4200"))
        #expect(text.stdout.contains("3 expectations: 1 held, 2 failed"))
        let json = try CLIRunner.run(["verify", Self.fanout, "--expect", file.path, "--format", "json"], cwd: root)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((parsed["summary"] as? [String: Int])?["failed"] == 2)
        let junit = try CLIRunner.run(["verify", Self.fanout, "--expect", file.path, "--format", "junit"], cwd: root)
        #expect(junit.status == 1)
        #expect(junit.stdout.contains("<testsuite name=\"verify (nginx (the only class))\" tests=\"3\" failures=\"2\">"))
    }

    @Test func badExpectationsFileIsAToolFailureWithLine() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let file = directory.appendingPathComponent("bad.yaml")
        try "expectations:\n  - request: FETCH foo\n    backend: a:1\n".write(to: file, atomically: true, encoding: .utf8)
        let outcome = try CLIRunner.run(["verify", Self.fanout, "--expect", file.path], cwd: root)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("bad.yaml:2:14: request must be `METHOD URL`"))
    }

    @Test func lintCanBeLimitedToOneClass() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let file = directory.appendingPathComponent("two.yaml")
        let ingress = { (name: String, className: String) in
            """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: \(name)}
            spec:
              ingressClassName: \(className)
              rules:
              - host: foo.bar.com
                http:
                  paths:
                  - {path: /, pathType: Exact, backend: {service: {name: \(name), port: {number: 80}}}}
            """
        }
        try [ingress("alpha", "nginx"), ingress("beta", "nginx"), ingress("gamma", "traefik")].joined(separator: "\n---\n")
            .write(to: file, atomically: true, encoding: .utf8)
        let all = try CLIRunner.run(["lint", "--format", "json", file.path])
        let nginxOnly = try CLIRunner.run(["lint", "--format", "json", "--ingress-class", "traefik", file.path])
        #expect(all.stdout.contains("host-path-conflict"))
        #expect(!nginxOnly.stdout.contains("host-path-conflict"))
        #expect(nginxOnly.stdout.contains("\"name\": \"gamma\""))
        #expect(!nginxOnly.stdout.contains("\"name\": \"alpha\""))
    }
}
