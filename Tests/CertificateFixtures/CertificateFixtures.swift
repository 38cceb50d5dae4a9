import Crypto
import Foundation
import SwiftASN1
import X509
import _CryptoExtras

/// TLS material generated at test time, so that no committed certificate can expire. Rule examples
/// in rules/ refer to it with `<<cert:NAME>>`, `<<key:NAME>>` and `<<chain:NAME>>` tokens, which
/// `expand(_:)` replaces with the base64 of the PEM; the names are the cases of `Fixture`.
public enum CertificateFixtures {
    public enum Fixture: String, CaseIterable, Sendable {
        /// shop.example.com and www.shop.example.com, ECDSA P-256, issued by the test CA, valid for a year.
        case shop
        /// `shop` followed by its intermediate CA, in order.
        case shopChain = "shop-chain"
        /// The intermediate first, then the leaf.
        case shopChainReversed = "shop-chain-reversed"
        /// `*.example.com`
        case wildcard
        /// Expired 30 days ago.
        case expired
        /// Valid from 10 days from now.
        case notYetValid = "not-yet-valid"
        /// Expires in 5 days.
        case expiring
        /// No subjectAltName; Common Name shop.example.com.
        case commonNameOnly = "cn-only"
        /// other.example.org only.
        case otherHost = "other-host"
        /// RSA 1024-bit key.
        case rsa1024
        /// RSA 1024-bit key, expired 30 days ago, for other.example.org only: a weak key must not hide
        /// the other faults.
        case weakExpiredOtherHost = "weak-expired-other-host"
        /// RSA 2048, signed with SHA-1 by the test CA (RSA).
        case sha1
        /// Ed25519 key, self-signed.
        case ed25519
        /// A CA certificate (CA:TRUE, issued by the test intermediate) used as the leaf.
        case caAsLeaf = "ca-as-leaf"
        /// The shop key, encrypted with a passphrase (PKCS#8, AES-256-CBC, by the openssl CLI).
        case encrypted
    }

    public struct Material: Sendable {
        public var certificatePEM: String
        public var keyPEM: String
    }

    private static let cache = MaterialCache()

    public static func material(_ fixture: Fixture) -> Material {
        cache.get(fixture) { make(fixture) }
    }

    /// Replaces every `<<cert:NAME>>`, `<<key:NAME>>` and `<<chain:NAME>>` with base64 PEM.
    public static func expand(_ text: String) -> String {
        guard text.contains("<<") else { return text }
        var output = text
        for fixture in Fixture.allCases {
            let tokens = ["<<cert:\(fixture.rawValue)>>", "<<key:\(fixture.rawValue)>>", "<<chain:\(fixture.rawValue)>>"]
            guard tokens.contains(where: output.contains) else { continue }
            let material = material(fixture)
            output = output.replacingOccurrences(of: tokens[0], with: base64(material.certificatePEM))
            output = output.replacingOccurrences(of: tokens[2], with: base64(material.certificatePEM))
            output = output.replacingOccurrences(of: tokens[1], with: base64(material.keyPEM))
        }
        return output
    }

    public static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    /// The root that issued the intermediate behind `shop` (for `--ca-bundle` tests).
    public static var rootCAPEM: String { pem([rootCA.certificate]) }

    /// A root that issued none of the ECDSA fixtures.
    public static var unrelatedCAPEM: String { pem([rsaCA.certificate]) }

    // MARK: generation

    struct Issuer: Sendable {
        var name: DistinguishedName
        var key: Certificate.PrivateKey
        var certificate: Certificate
    }

    static let rootCA: Issuer = makeCA(name: "IngressGuard Test Root CA", key: Certificate.PrivateKey(P256.Signing.PrivateKey()), issuer: nil)
    static let intermediateCA: Issuer = makeCA(name: "IngressGuard Test Intermediate CA", key: Certificate.PrivateKey(P256.Signing.PrivateKey()), issuer: rootCA)
    static let rsaCA: Issuer = makeCA(name: "IngressGuard Test RSA CA", key: rsaKey(bits: 2048), issuer: nil)

    static func rsaKey(bits: Int) -> Certificate.PrivateKey {
        // Test keys only; failing to create one is a broken machine, not bad input.
        // swiftlint:disable:next force_try
        let key = try! _RSA.Signing.PrivateKey(unsafeKeySize: .init(bitCount: bits))
        return Certificate.PrivateKey(key)
    }

    static func name(_ commonName: String) -> DistinguishedName {
        (try? DistinguishedName { CommonName(commonName) }) ?? DistinguishedName()
    }

    static func makeCA(name commonName: String, key: Certificate.PrivateKey, issuer: Issuer?) -> Issuer {
        let subject = name(commonName)
        let now = Date()
        let certificate = try! Certificate(
            version: .v3, serialNumber: .init(), publicKey: key.publicKey,
            notValidBefore: now.addingTimeInterval(-86_400 * 30), notValidAfter: now.addingTimeInterval(86_400 * 3650),
            issuer: issuer?.name ?? subject, subject: subject,
            signatureAlgorithm: signatureAlgorithm(for: issuer?.key ?? key),
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                KeyUsage(keyCertSign: true)
            },
            issuerPrivateKey: issuer?.key ?? key)
        return Issuer(name: subject, key: key, certificate: certificate)
    }

    static func signatureAlgorithm(for key: Certificate.PrivateKey) -> Certificate.SignatureAlgorithm {
        switch key.publicKey.description {
        case let text where text.contains("RSA"): return .sha256WithRSAEncryption
        case let text where text.contains("Ed25519") || text.contains("Curve25519"): return .ed25519
        default: return .ecdsaWithSHA256
        }
    }

    static func leaf(
        commonName: String = "shop.example.com", dnsNames: [String]? = ["shop.example.com", "www.shop.example.com"],
        key: Certificate.PrivateKey = Certificate.PrivateKey(P256.Signing.PrivateKey()), issuer: Issuer = intermediateCA,
        validFrom: TimeInterval = -86_400, validFor: TimeInterval = 86_400 * 365,
        signatureAlgorithm: Certificate.SignatureAlgorithm? = nil, isCA: Bool = false, selfSigned: Bool = false
    ) -> (Certificate, Certificate.PrivateKey) {
        let now = Date()
        let subject = name(commonName)
        let signer = selfSigned ? key : issuer.key
        let certificate = try! Certificate(
            version: .v3, serialNumber: .init(), publicKey: key.publicKey,
            notValidBefore: now.addingTimeInterval(validFrom), notValidAfter: now.addingTimeInterval(validFrom + validFor),
            issuer: selfSigned ? subject : issuer.name, subject: subject,
            signatureAlgorithm: signatureAlgorithm ?? Self.signatureAlgorithm(for: signer),
            extensions: try Certificate.Extensions {
                if isCA {
                    Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                } else {
                    Critical(BasicConstraints.notCertificateAuthority)
                }
                if let dnsNames { SubjectAlternativeNames(dnsNames.map { GeneralName.dnsName($0) }) }
            },
            issuerPrivateKey: signer)
        return (certificate, key)
    }

    static func pem(_ certificates: [Certificate]) -> String {
        certificates.map { (try? $0.serializeAsPEM().pemString) ?? "" }.joined(separator: "\n") + "\n"
    }

    static func pem(_ key: Certificate.PrivateKey) -> String {
        (try? key.serializeAsPEM().pemString).map { $0 + "\n" } ?? ""
    }

    static func make(_ fixture: Fixture) -> Material {
        switch fixture {
        case .shop:
            let (certificate, key) = leaf()
            return Material(certificatePEM: pem([certificate]), keyPEM: pem(key))
        case .shopChain, .shopChainReversed:
            let shop = material(.shop)
            let chain = fixture == .shopChain
                ? shop.certificatePEM + pem([intermediateCA.certificate])
                : pem([intermediateCA.certificate]) + shop.certificatePEM
            return Material(certificatePEM: chain, keyPEM: shop.keyPEM)
        case .wildcard:
            let (certificate, key) = leaf(commonName: "*.example.com", dnsNames: ["*.example.com"])
            return Material(certificatePEM: pem([certificate]), keyPEM: pem(key))
        case .expired:
            let (certificate, key) = leaf(validFrom: -86_400 * 400, validFor: 86_400 * 370)
            return Material(certificatePEM: pem([certificate]), keyPEM: pem(key))
        case .notYetValid:
            let (certificate, key) = leaf(validFrom: 86_400 * 10, validFor: 86_400 * 365)
            return Material(certificatePEM: pem([certificate]), keyPEM: pem(key))
        case .expiring:
            let (certificate, key) = leaf(validFrom: -86_400 * 80, validFor: 86_400 * 85)
            return Material(certificatePEM: pem([certificate]), keyPEM: pem(key))
        case .commonNameOnly:
            let (certificate, key) = leaf(dnsNames: nil)
            return Material(certificatePEM: pem([certificate]), keyPEM: pem(key))
        case .otherHost:
            let (certificate, key) = leaf(commonName: "other.example.org", dnsNames: ["other.example.org"])
            return Material(certificatePEM: pem([certificate]), keyPEM: pem(key))
        case .rsa1024:
            let (certificate, key) = leaf(key: rsaKey(bits: 1024), issuer: rsaCA)
            let der = (try? certificate.serializeAsPEM().pemString) ?? ""
            return Material(certificatePEM: der + "\n", keyPEM: rsaPEM(key))
        case .weakExpiredOtherHost:
            let (certificate, key) = leaf(
                commonName: "other.example.org", dnsNames: ["other.example.org"], key: rsaKey(bits: 1024), issuer: rsaCA,
                validFrom: -86_400 * 60, validFor: 86_400 * 30)
            return Material(certificatePEM: pem([certificate]), keyPEM: rsaPEM(key))
        case .sha1:
            let (certificate, key) = leaf(key: rsaKey(bits: 2048), issuer: rsaCA, signatureAlgorithm: .sha1WithRSAEncryption)
            return Material(certificatePEM: pem([certificate]), keyPEM: pem(key))
        case .ed25519:
            let (certificate, key) = leaf(key: Certificate.PrivateKey(Curve25519.Signing.PrivateKey()), selfSigned: true)
            return Material(certificatePEM: pem([certificate]), keyPEM: pem(key))
        case .caAsLeaf:
            let (certificate, key) = leaf(isCA: true)
            return Material(certificatePEM: pem([certificate]), keyPEM: pem(key))
        case .encrypted:
            let shop = material(.shop)
            return Material(certificatePEM: shop.certificatePEM, keyPEM: OpenSSL.encrypt(shop.keyPEM))
        }
    }

    /// swift-certificates will not serialize keys it considers too small; PKCS#1 PEM by hand.
    static func rsaPEM(_ key: Certificate.PrivateKey) -> String {
        if let pem = try? key.serializeAsPEM().pemString { return pem + "\n" }
        return ""
    }
}

/// The openssl CLI, for what swift-crypto does not write: passphrase-encrypted keys.
enum OpenSSL {
    static func encrypt(_ keyPEM: String) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-passout", "pass:ingress-guard-test"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        signal(SIGPIPE, SIG_IGN)
        guard (try? process.run()) != nil else { return "" }
        try? input.fileHandleForWriting.write(contentsOf: Data(keyPEM.utf8))
        try? input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

final class MaterialCache: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [CertificateFixtures.Fixture: CertificateFixtures.Material] = [:]

    func get(_ fixture: CertificateFixtures.Fixture, make: () -> CertificateFixtures.Material) -> CertificateFixtures.Material {
        lock.lock()
        if let cached = storage[fixture] {
            lock.unlock()
            return cached
        }
        lock.unlock()
        let made = make()
        lock.lock()
        defer { lock.unlock() }
        if let cached = storage[fixture] { return cached }
        storage[fixture] = made
        return made
    }
}
