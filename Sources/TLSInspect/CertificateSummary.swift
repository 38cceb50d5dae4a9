import IngressModel
import Crypto
import Foundation
import SwiftASN1
import X509
import _CryptoExtras

/// What the analysis needs of one certificate of a chain, extracted once.
public struct CertificateSummary: Sendable {
    public var index: Int
    public var subject: String
    public var issuer: String
    public var notBefore: Date
    public var notAfter: Date
    /// subjectAltName DNS names, lower-cased, and IP addresses as text.
    public var dnsNames: [String]
    public var hasSubjectAlternativeNames: Bool
    public var commonName: String?
    public var isCertificateAuthority: Bool
    public var isSelfSigned: Bool
    public var signatureAlgorithm: String
    public var hasWeakSignature: Bool
    public var key: PublicKeySummary
    /// The public key, comparable with the private key's.
    let publicKey: ComparablePublicKey
    /// Kept for chain signature checks; never printed.
    let certificate: Certificate
    /// False when `certificate` carries a placeholder key (see `RSAKeyReader`): its signature and
    /// those it made cannot be checked.
    let signaturesCheckable: Bool

    init(_ certificate: Certificate, index: Int) {
        self.init(certificate, index: index, unsupportedRSAKey: nil)
    }

    /// `unsupportedRSAKey`: the real key of a certificate read with a placeholder in its place.
    private init(_ certificate: Certificate, index: Int, unsupportedRSAKey: RSAKeyReader.PublicNumbers?) {
        self.certificate = certificate
        signaturesCheckable = unsupportedRSAKey == nil
        self.index = index
        subject = certificate.subject.description
        issuer = certificate.issuer.description
        notBefore = certificate.notValidBefore
        notAfter = certificate.notValidAfter
        var names: [String] = []
        var hasSAN = false
        if let san = try? certificate.extensions.subjectAlternativeNames {
            hasSAN = true
            for name in san {
                switch name {
                case .dnsName(let dns): names.append(dns.lowercased())
                case .ipAddress(let bytes): if let address = Self.ipText(Array(bytes.bytes)) { names.append(address) }
                default: break
                }
            }
        }
        dnsNames = names
        hasSubjectAlternativeNames = hasSAN
        commonName = Self.commonName(of: certificate.subject)
        if case .isCertificateAuthority? = try? certificate.extensions.basicConstraints {
            isCertificateAuthority = true
        } else {
            isCertificateAuthority = false
        }
        isSelfSigned = certificate.subject == certificate.issuer
            && (unsupportedRSAKey != nil || certificate.publicKey.isValidSignature(certificate.signature, for: certificate))
        let algorithm = certificate.signatureAlgorithm.description
        signatureAlgorithm = algorithm.hasPrefix("SignatureAlgorithm.") ? String(algorithm.dropFirst("SignatureAlgorithm.".count)) : algorithm
        hasWeakSignature = Self.isWeak(signatureAlgorithm: algorithm)
        if let unsupportedRSAKey {
            key = PublicKeySummary(algorithm: .rsa, bits: unsupportedRSAKey.bits)
            publicKey = ComparablePublicKey(derBytes: unsupportedRSAKey.subjectPublicKeyInfo)
        } else {
            key = PublicKeySummary(certificate.publicKey)
            publicKey = ComparablePublicKey(certificate.publicKey)
        }
    }

    /// A certificate whose RSA key BoringSSL will not load (under 2048 or over 8192 bits), which
    /// swift-certificates therefore refuses whole: every other field is read by swift-certificates
    /// from a copy with a placeholder key in its SubjectPublicKeyInfo, the key from its own DER.
    /// Nil when the key is not RSA or the DER is not a certificate.
    init?(unsupportedRSAKeyDER der: [UInt8], index: Int) {
        guard let root = try? DER.parse(der), case .constructed(let parts) = root.content else { return nil }
        let outer = Array(parts)
        guard outer.count == 3, case .constructed(let fields) = outer[0].content else { return nil }
        var tbs = Array(fields)
        // TBSCertificate: [0] version (optional), serial, signature, issuer, validity, subject, SPKI.
        let hasVersion = tbs.first.map { $0.identifier.tagClass == .contextSpecific } ?? false
        let position = hasVersion ? 6 : 5
        guard tbs.count > position, let numbers = RSAKeyReader.unsupportedPublicNumbers(subjectPublicKeyInfo: tbs[position].encodedBytes) else { return nil }
        var tbsBytes: [UInt8] = []
        for (offset, node) in tbs.enumerated() {
            tbsBytes += offset == position ? Self.placeholderKey : Array(node.encodedBytes)
        }
        tbs = []
        let copy = DERBytes.sequence(DERBytes.sequence(tbsBytes) + Array(outer[1].encodedBytes) + Array(outer[2].encodedBytes))
        guard let certificate = try? Certificate(derEncoded: copy) else { return nil }
        self.init(certificate, index: index, unsupportedRSAKey: numbers)
    }

    /// Any key swift-certificates reads; it is never used to verify anything.
    private static let placeholderKey = Array(P256.Signing.PrivateKey().publicKey.derRepresentation)

    /// IP subjectAltNames in the text form Ingress TLS hosts use (IPv4 dotted, IPv6 lower-case hex).
    static func ipText(_ bytes: [UInt8]) -> String? {
        switch bytes.count {
        case 4: return bytes.map(String.init).joined(separator: ".")
        case 16:
            return stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }.joined(separator: ":")
        default: return nil
        }
    }

    static func commonName(of name: DistinguishedName) -> String? {
        for relative in name {
            for attribute in relative where attribute.type == .RDNAttributeType.commonName {
                return String(describing: attribute.value)
            }
        }
        return nil
    }

    /// SHA-1 and MD5 signatures, by name or OID (swift-certificates names only the algorithms it
    /// knows; md5WithRSAEncryption shows as its OID).
    static func isWeak(signatureAlgorithm description: String) -> Bool {
        let lowered = description.lowercased()
        return lowered.containsBytes("sha1") || lowered.containsBytes("md5")
            || lowered.containsBytes("1.2.840.113549.1.1.4") || lowered.containsBytes("1.2.840.113549.1.1.5")
            || lowered.containsBytes("1.2.840.10045.4.1") || lowered.containsBytes("1.2.840.10040.4.3")
    }

    /// Did `issuer` sign this certificate? Nil when either holds a key that cannot be checked.
    func isSigned(by issuer: CertificateSummary) -> Bool? {
        guard signaturesCheckable, issuer.signaturesCheckable else { return nil }
        return issuer.certificate.publicKey.isValidSignature(certificate.signature, for: certificate)
    }
}

/// A public key's algorithm and strength.
public struct PublicKeySummary: Sendable, Equatable, CustomStringConvertible {
    public enum Algorithm: String, Sendable {
        case rsa = "RSA"
        case ecdsa = "ECDSA"
        case ed25519 = "Ed25519"
        case unknown
    }

    public var algorithm: Algorithm
    /// Modulus bits for RSA, curve size for ECDSA.
    public var bits: Int

    public init(algorithm: Algorithm, bits: Int) {
        self.algorithm = algorithm
        self.bits = bits
    }

    init(_ key: Certificate.PublicKey) {
        if let rsa = _RSA.Signing.PublicKey(key) {
            self.init(algorithm: .rsa, bits: rsa.keySizeInBits)
        } else if P256.Signing.PublicKey(key) != nil {
            self.init(algorithm: .ecdsa, bits: 256)
        } else if P384.Signing.PublicKey(key) != nil {
            self.init(algorithm: .ecdsa, bits: 384)
        } else if P521.Signing.PublicKey(key) != nil {
            self.init(algorithm: .ecdsa, bits: 521)
        } else if Curve25519.Signing.PublicKey(key) != nil {
            self.init(algorithm: .ed25519, bits: 256)
        } else {
            self.init(algorithm: .unknown, bits: 0)
        }
    }

    /// RSA under 2048 bits and curves under P-256 are weak (NIST SP 800-57, CA/Browser Forum BRs).
    public var isWeak: Bool {
        switch algorithm {
        case .rsa: return bits < 2048
        case .ecdsa: return bits < 256
        case .ed25519, .unknown: return false
        }
    }

    public var description: String {
        switch algorithm {
        case .rsa: return "RSA \(bits)-bit"
        case .ecdsa: return "ECDSA P-\(bits)"
        case .ed25519: return "Ed25519"
        case .unknown: return "an unknown key type"
        }
    }
}
