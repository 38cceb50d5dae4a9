import CertificateFixtures
import Foundation
import Testing

/// TLS termination with SNI, with certificates generated at test time, checked with openssl
/// s_client, curl and `verify --serve`.
@Suite(.serialized) struct ProxyTLSTests {
    static func manifest() -> String {
        let shop = CertificateFixtures.material(.shopChain)
        let wildcard = CertificateFixtures.material(.wildcard)
        return """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: shop}
            spec:
              tls:
              - {hosts: [shop.example.com], secretName: shop-tls}
              - {hosts: ["*.example.com"], secretName: wildcard-tls}
              rules:
              - host: shop.example.com
                http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: shop, port: {number: 80}}}}]}
              - host: "*.example.com"
                http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: wild, port: {number: 80}}}}]}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: shop-tls}
            type: kubernetes.io/tls
            data: {tls.crt: \(CertificateFixtures.base64(shop.certificatePEM)), tls.key: \(CertificateFixtures.base64(shop.keyPEM))}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: wildcard-tls}
            type: kubernetes.io/tls
            data: {tls.crt: \(CertificateFixtures.base64(wildcard.certificatePEM)), tls.key: \(CertificateFixtures.base64(wildcard.keyPEM))}
            """
    }

    func write(_ text: String, _ name: String) throws -> URL {
        let file = try CLIRunner.temporaryDirectory().appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    /// The subject of the certificate the server presents for an SNI name, as openssl sees it.
    func presentedSubject(port: String, serverName: String?) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        let sni = serverName.map { "-servername \($0)" } ?? "-noservername"
        process.arguments = ["-c", "openssl s_client -connect 127.0.0.1:\(port) \(sni) </dev/null 2>/dev/null | openssl x509 -noout -subject"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        // openssl writes `subject=CN = name`; compare without the spaces.
        return text.replacingOccurrences(of: " ", with: "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func certificateIsChosenBySNIWithWildcardsAndADefault() throws {
        let file = try write(Self.manifest(), "tls.yaml")
        let proxy = try ProxyProcess([file.path, "--echo", "--tls-listen", "127.0.0.1:0"])
        let tlsURL = try #require(proxy.tlsBaseURL)
        let port = String(tlsURL.split(separator: ":").last ?? "")
        #expect(try presentedSubject(port: port, serverName: "shop.example.com").contains("CN=shop.example.com"))
        #expect(try presentedSubject(port: port, serverName: "api.example.com").contains("CN=*.example.com"))
        #expect(try presentedSubject(port: port, serverName: "other.org").contains("CN=ingress-guarddefaultcertificate"))
        let response = try Curl.get(tlsURL, host: "api.example.com", path: "/x", extra: ["-k", "--resolve", "api.example.com:\(port):127.0.0.1"])
        #expect(response.status == 200)
        let reply = try #require(try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any])
        #expect(reply["service"] as? String == "wild")
        #expect((reply["request"] as? [String: Any])?["tls"] as? Bool == true)
        #expect(proxy.stop() == 0)
    }

    @Test func verifyServeChecksTheBackendAndTheCertificate() throws {
        let file = try write(Self.manifest(), "tls.yaml")
        let expectations = try write("""
            expectations:
              - request: GET https://shop.example.com/cart
                backend: shop:80
                tls: {secret: shop-tls}
              - request: GET https://api.example.com/
                backend: wild:80
                tls: {secret: wildcard-tls}
              - request: GET https://api.example.com/
                tls: {secret: shop-tls}
              - request: GET http://shop.example.com/
                backend: shop:80
            """, "expect.yaml")
        let outcome = try CLIRunner.run(["verify", file.path, "--expect", expectations.path, "--serve", "--format", "json"])
        #expect(outcome.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let results = try #require(report["results"] as? [[String: Any]])
        #expect(results.map { $0["holds"] as? Bool ?? false } == [true, true, false, true], "\(outcome.stdout)")
    }
}
