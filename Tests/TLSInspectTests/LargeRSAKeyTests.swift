import CertificateFixtures
import Foundation
import SwiftASN1
import Testing
@testable import TLSInspect

/// RSA keys over BoringSSL's 8192-bit limit, which OpenSSL (nginx) and Go (controllers) load up to
/// 16384 bits: a valid pair made by the real openssl CLI reads as valid, matching, and not weak.
@Suite(.serialized) struct LargeRSAKeyTests {
    /// Just over BoringSSL's limit, so that generating it takes seconds (16384 bits takes minutes;
    /// it was checked once by hand, see the closing note of issue 16).
    static let bits = 8704

    static func openssl(_ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    static let pair: (certificate: [UInt8], key: [UInt8])? = {
        guard let directory = try? FileManager.default.url(
            for: .itemReplacementDirectory, in: .userDomainMask, appropriateFor: URL(fileURLWithPath: NSTemporaryDirectory()), create: true)
        else { return nil }
        let key = directory.appendingPathComponent("key.pem").path
        let certificate = directory.appendingPathComponent("cert.pem").path
        // Three primes: a valid RSA key (OpenSSL and Go load it) that takes a third of the time to make.
        let made = try? openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:\(bits)", "-pkeyopt", "rsa_keygen_primes:3", "-out", key])
        let signed = try? openssl([
            "req", "-x509", "-key", key, "-out", certificate, "-days", "2",
            "-subj", "/CN=big.example.com", "-addext", "subjectAltName=DNS:big.example.com",
        ])
        guard made == 0, signed == 0, let certificateBytes = FileManager.default.contents(atPath: certificate),
            let keyBytes = FileManager.default.contents(atPath: key)
        else { return nil }
        return (Array(certificateBytes), Array(keyBytes))
    }()

    @Test(.timeLimit(.minutes(5))) func aPairOverBoringSSLsLimitIsReadAndMatches() throws {
        let pair = try #require(Self.pair, "openssl could not make an RSA-\(Self.bits) pair")
        let report = TLSInspector.inspect(certificatePEM: pair.certificate, keyPEM: pair.key)
        let leaf = try #require(report.leaf, "\(String(describing: report.certificates))")
        #expect(leaf.key == PublicKeySummary(algorithm: .rsa, bits: Self.bits))
        #expect(!leaf.key.isWeak)
        #expect(leaf.dnsNames == ["big.example.com"])
        #expect(leaf.isSelfSigned)
        guard case .parsed(let key, _)? = report.key else {
            Issue.record("the private key was not read: \(String(describing: report.key))")
            return
        }
        #expect(key.bits == Self.bits)
        #expect(report.keyMatchesLeaf == true)
        #expect(report.chainProblems.isEmpty)
    }

    @Test(.timeLimit(.minutes(5))) func anotherKeyDoesNotMatchIt() throws {
        let pair = try #require(Self.pair)
        let other = CertificateFixtures.material(.shop)
        let report = TLSInspector.inspect(certificatePEM: pair.certificate, keyPEM: Array(other.keyPEM.utf8))
        #expect(report.keyMatchesLeaf == false)
    }

    /// The SubjectPublicKeyInfo written from (n, e) is the one swift-certificates writes, so keys
    /// read either way compare equal.
    @Test func theRewrittenKeyInfoIsSwiftCertificatesOwn() throws {
        let material = CertificateFixtures.material(.sha1)
        let report = TLSInspector.inspect(certificatePEM: Array(material.certificatePEM.utf8), keyPEM: nil)
        let leaf = try #require(report.leaf)
        #expect(leaf.key.algorithm == .rsa)
        let numbers = try #require(RSAKeyReader.publicNumbers(rsaPublicKey: ArraySlice(try Self.rsaPublicKey(ofKeyInfo: leaf.publicKey.derBytes))))
        #expect(numbers.subjectPublicKeyInfo == leaf.publicKey.derBytes)
    }

    /// The BIT STRING of a SubjectPublicKeyInfo: the PKCS#1 RSAPublicKey.
    static func rsaPublicKey(ofKeyInfo der: [UInt8]) throws -> [UInt8] {
        let root = try DER.parse(der)
        guard case .constructed(let parts) = root.content, let bits = Array(parts).last else { return [] }
        return Array(try ASN1BitString(derEncoded: bits).bytes)
    }

    /// A private key block whose modulus is not the product of its primes is not a key.
    @Test func aPrivateKeyThatDoesNotHoldTogetherIsNotRead() throws {
        let pair = try #require(Self.pair)
        let text = String(decoding: pair.key, as: UTF8.self)
        let document = try PEMDocument(pemString: text)
        #expect(RSAKeyReader.unsupportedPublicNumbers(privateKey: document.derBytes) != nil)
        // Replace the first prime's last byte: n no longer equals p·q·r.
        let root = try DER.parse(document.derBytes)
        guard case .constructed(let outer) = root.content, let octets = Array(outer).dropFirst(2).first else { return }
        let pkcs1 = Array(try ASN1OctetString(derEncoded: octets).bytes)
        let inner = try DER.parse(pkcs1)
        guard case .constructed(let fields) = inner.content else { return }
        let prime = Array(fields)[4]
        var tampered = pkcs1
        let lastByte = prime.encodedBytes.endIndex - 1 - pkcs1.startIndex
        tampered[lastByte] ^= 0x02
        #expect(RSAKeyReader.unsupportedPublicNumbers(privateKey: tampered) == nil)
    }

    @Test func multiplicationIsRight() {
        #expect(RSAKeyReader.multiply([0xFF, 0xFF], [0xFF, 0xFF]).drop(while: { $0 == 0 }).elementsEqual([0xFF, 0xFE, 0x00, 0x01]))
        #expect(RSAKeyReader.multiply([0x01, 0x00], [0x03]).drop(while: { $0 == 0 }).elementsEqual([0x03, 0x00]))
    }
}
