import CertificateFixtures
import Foundation
import Testing

/// The Kubernetes documentation's examples under examples/docs, each proven with real traffic by
/// `verify --serve` against its expectations file.
@Suite struct DocsExamplesVerifyTests {
    static let examples = ["single-service", "simple-fanout", "name-virtual-hosting", "default-backend", "legacy-v1beta1"]

    @Test(arguments: examples)
    func exampleHoldsUnderRealTraffic(name: String) throws {
        let directory = "examples/docs/\(name)"
        let outcome = try CLIRunner.run(
            ["verify", "\(directory)/ingress.yaml", "--expect", "\(directory)/expectations.yaml", "--serve"], cwd: CLIRunner.repositoryRoot)
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(!outcome.stdout.contains("FAIL"))
    }

    /// Replicas come from the EndpointSlices and Endpoints of examples/replicas, with and without traffic.
    @Test(arguments: [true, false])
    func replicasExampleHolds(serve: Bool) throws {
        let outcome = try CLIRunner.run(
            ["verify", "examples/replicas/cluster.yaml", "--expect", "examples/replicas/expectations.yaml"] + (serve ? ["--serve"] : []),
            cwd: CLIRunner.repositoryRoot)
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        if serve { #expect(outcome.stdout.contains("from replicas [0, 1, 2]"), "\(outcome.stdout)") }
    }

    @Test(arguments: [true, false])
    func wrongReplicaCountFails(serve: Bool) throws {
        let file = try CLIRunner.temporaryDirectory().appendingPathComponent("expect.yaml")
        try """
            expectations:
              - {request: GET http://shop.example.com/, backend: shop/web:80, replicas: 2}
              - {request: GET http://shop.example.com/old, replicas: 3, count: 9}
              - {request: GET http://shop.example.com/maintenance, status: 200}
            """.write(to: file, atomically: true, encoding: .utf8)
        let outcome = try CLIRunner.run(
            ["verify", "examples/replicas/cluster.yaml", "--expect", file.path, "--format", "json"] + (serve ? ["--serve"] : []),
            cwd: CLIRunner.repositoryRoot)
        #expect(outcome.status == 1, "\(outcome.stdout)\(outcome.stderr)")
        let report = (try? JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8))) as? [String: Any]
        #expect((report?["summary"] as? [String: Any])?["failed"] as? Int == 3, "\(outcome.stdout)")
    }

    @Test func countWithoutReplicasIsAToolFailureWithLine() throws {
        let file = try CLIRunner.temporaryDirectory().appendingPathComponent("expect.yaml")
        try "expectations:\n  - request: GET http://a/\n    count: 4\n".write(to: file, atomically: true, encoding: .utf8)
        let outcome = try CLIRunner.run(["verify", "examples/replicas/cluster.yaml", "--expect", file.path], cwd: CLIRunner.repositoryRoot)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("expect.yaml:3:12: count goes with replicas"), "\(outcome.stderr)")
    }

    @Test func tlsExampleHoldsWithAGeneratedSecret() throws {
        let material = try OpenSSLCertificate.make(host: "https-example.foo.com")
        let secret = try CLIRunner.temporaryDirectory().appendingPathComponent("secret.yaml")
        try """
            apiVersion: v1
            kind: Secret
            metadata: {name: tls-secret}
            type: kubernetes.io/tls
            data:
              tls.crt: \(CertificateFixtures.base64(material.certificate))
              tls.key: \(CertificateFixtures.base64(material.key))
            """.write(to: secret, atomically: true, encoding: .utf8)
        let outcome = try CLIRunner.run(
            ["verify", "examples/docs/tls/ingress.yaml", secret.path, "--expect", "examples/docs/tls/expectations.yaml", "--serve"],
            cwd: CLIRunner.repositoryRoot)
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
    }
}

/// A certificate made exactly as examples/docs/tls/ingress.yaml tells users to make one.
enum OpenSSLCertificate {
    static func make(host: String) throws -> (certificate: String, key: String) {
        let directory = try CLIRunner.temporaryDirectory()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "30",
            "-subj", "/CN=\(host)", "-addext", "subjectAltName=DNS:\(host)",
            "-keyout", directory.appendingPathComponent("tls.key").path, "-out", directory.appendingPathComponent("tls.crt").path,
        ]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return (
            try String(contentsOf: directory.appendingPathComponent("tls.crt"), encoding: .utf8),
            try String(contentsOf: directory.appendingPathComponent("tls.key"), encoding: .utf8))
    }
}
