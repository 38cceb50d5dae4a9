import CertificateFixtures
import Foundation
import Testing

/// TLS analysis through the CLI with material generated at test time.
@Suite struct TLSCommandTests {
    static func manifest(certificate: String, key: String, hosts: [String] = ["shop.example.com"]) -> String {
        """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: shop}
        spec:
          tls:
          - hosts: [\(hosts.joined(separator: ", "))]
            secretName: shop-tls
          rules:
        \(hosts.map { "  - host: \($0)\n    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}" }.joined(separator: "\n"))
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec: {ports: [{port: 80}]}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: shop-tls}
        type: kubernetes.io/tls
        data:
          tls.crt: \(certificate)
          tls.key: \(key)
        """
    }

    func write(_ text: String) throws -> URL {
        let file = try CLIRunner.temporaryDirectory().appendingPathComponent("tls.yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test func secretKeyMaterialNeverAppearsInAnyOutput() throws {
        let shop = CertificateFixtures.material(.shop)
        let wrongKey = CertificateFixtures.material(.wildcard).keyPEM
        let file = try write(Self.manifest(
            certificate: CertificateFixtures.base64(shop.certificatePEM), key: CertificateFixtures.base64(wrongKey),
            hosts: ["shop.example.com", "api.example.org"]))
        // The manifest holds the key base64-encoded: look for any 16-character run of that text.
        let encoded = CertificateFixtures.base64(wrongKey)
        let keyLines = stride(from: 0, to: encoded.count - 16, by: 16).map { String(encoded.dropFirst($0).prefix(16)) }
        #expect(!keyLines.isEmpty)
        for format in ["text", "json", "sarif", "junit", "github"] {
            let outcome = try CLIRunner.run(["lint", "--format", format, file.path])
            #expect(outcome.status == 1)
            #expect(outcome.stdout.contains("tls-key-mismatch"), "\(format)")
            let output = outcome.stdout + outcome.stderr
            #expect(!output.contains(CertificateFixtures.base64(wrongKey)), "\(format) printed the encoded key")
            for line in keyLines { #expect(!output.contains(line), "\(format) printed key material") }
        }
    }

    @Test(arguments: ["crlf", "no-api-version", "syntax-error"])
    func keyMaterialStaysHiddenInBrokenAndCRLFFiles(variant: String) throws {
        let shop = CertificateFixtures.material(.shop)
        let key = CertificateFixtures.base64(shop.keyPEM)
        var text = Self.manifest(certificate: CertificateFixtures.base64(shop.certificatePEM), key: key)
            .replacingOccurrences(of: "apiVersion: networking.k8s.io/v1\nkind: Ingress", with: "apiVersion: extensions/v1beta1\nkind: Ingress")
        switch variant {
        case "crlf": text = text.replacingOccurrences(of: "\n", with: "\r\n")
        case "no-api-version": text = text.replacingOccurrences(of: "apiVersion: v1\nkind: Secret", with: "kind: Secret")
        default: text = text.replacingOccurrences(of: "  tls.key: \(key)", with: "  tls.key: \(key)\n  tls.key: \(key)")
        }
        let file = try write(text)
        for format in ["text", "json", "sarif", "junit", "github"] {
            let outcome = try CLIRunner.run(["lint", "--format", format, file.path])
            #expect(outcome.status == 1)
            #expect(!(outcome.stdout + outcome.stderr).contains(String(key.prefix(24))), "\(variant) \(format) leaked key material")
        }
    }

    @Test func clockAndHorizonComeFromTheFlags() throws {
        let expiring = CertificateFixtures.material(.expiring)
        let file = try write(Self.manifest(certificate: CertificateFixtures.base64(expiring.certificatePEM), key: CertificateFixtures.base64(expiring.keyPEM)))
        let today = try CLIRunner.run(["lint", "--format", "json", file.path])
        #expect(today.stdout.contains("tls-cert-expiring"))
        #expect(!today.stdout.contains("tls-cert-expired"))
        let later = ISO8601DateFormatter().string(from: Date().addingTimeInterval(86_400 * 30))
        let future = try CLIRunner.run(["lint", "--format", "json", "--now", later, file.path])
        #expect(future.stdout.contains("tls-cert-expired"))
        let shortHorizon = try CLIRunner.run(["lint", "--format", "json", "--expiry-days", "2", file.path])
        #expect(!shortHorizon.stdout.contains("tls-cert-expiring"))
        #expect(try CLIRunner.run(["lint", "--now", "yesterday", file.path]).status == 2)
    }

    @Test func chainsAreVerifiedAgainstTheCABundle() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let bundle = directory.appendingPathComponent("ca.pem")
        try CertificateFixtures.rootCAPEM.write(to: bundle, atomically: true, encoding: .utf8)
        let unrelated = directory.appendingPathComponent("other-ca.pem")
        try CertificateFixtures.unrelatedCAPEM.write(to: unrelated, atomically: true, encoding: .utf8)
        let chain = CertificateFixtures.material(.shopChain)
        let complete = try write(Self.manifest(certificate: CertificateFixtures.base64(chain.certificatePEM), key: CertificateFixtures.base64(chain.keyPEM)))
        let verified = try CLIRunner.run(["lint", "--ca-bundle", bundle.path, complete.path])
        #expect(verified.status == 0, "\(verified.stdout)")
        let foreign = try CLIRunner.run(["lint", "--ca-bundle", unrelated.path, complete.path])
        #expect(foreign.status == 1)
        #expect(foreign.stdout.contains("error[tls-chain-invalid]: the chain of Secret default/shop-tls does not verify to the --ca-bundle"))
        let leafOnly = CertificateFixtures.material(.shop)
        let incomplete = try write(Self.manifest(certificate: CertificateFixtures.base64(leafOnly.certificatePEM), key: CertificateFixtures.base64(leafOnly.keyPEM)))
        #expect(try CLIRunner.run(["lint", "--ca-bundle", bundle.path, incomplete.path]).stdout.contains("does not verify to the --ca-bundle"))
        #expect(try CLIRunner.run(["lint", "--ca-bundle", "/nonexistent.pem", complete.path]).status == 2)
    }

    @Test func hostsNotCoveredByTheCertificateAreErrors() throws {
        let other = CertificateFixtures.material(.otherHost)
        let file = try write(Self.manifest(certificate: CertificateFixtures.base64(other.certificatePEM), key: CertificateFixtures.base64(other.keyPEM)))
        let outcome = try CLIRunner.run(["lint", file.path])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("error[tls-host-not-covered]: the certificate of Secret default/shop-tls does not cover host shop.example.com (it names other.example.org)"))
    }
}
