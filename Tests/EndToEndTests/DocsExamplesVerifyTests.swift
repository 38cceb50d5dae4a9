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
