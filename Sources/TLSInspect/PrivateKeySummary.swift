import IngressModel
import Crypto
import SwiftASN1
import X509
import _CryptoExtras

/// The outcome of reading `tls.key`. The key itself is kept only to compare public keys.
public enum PrivateKeyReading: Sendable {
    case parsed(PublicKeySummary, publicKey: ComparablePublicKey)
    /// A snapshot's stand-in for the key: the SHA-256 of its public key (see KeyFingerprint).
    case fingerprint(sha256: [UInt8])
    case encrypted
    case invalid(reason: String)
}

/// A public key in a form that compares equal across certificate and private key.
public struct ComparablePublicKey: Sendable, Equatable {
    let derBytes: [UInt8]
}

enum PrivateKeyReader {
    static func read(_ text: String) -> PrivateKeyReading {
        if let stored = KeyFingerprint.read(text) { return stored }
        // Encrypted keys carry their own labels or headers; say so instead of "cannot parse".
        if text.containsBytes("ENCRYPTED PRIVATE KEY") || text.containsBytes("Proc-Type: 4,ENCRYPTED") { return .encrypted }
        let documents: [PEMDocument]
        do {
            documents = try PEMDocument.parseMultiple(pemString: text)
        } catch {
            return .invalid(reason: text.containsBytes("-----BEGIN") ? "its PEM block is malformed" : "it holds no PEM block (DER or other data?)")
        }
        let keys = documents.filter { $0.discriminator.hasSuffix("PRIVATE KEY") }
        guard let document = keys.first else {
            let labels = documents.map(\.discriminator).joined(separator: ", ")
            return .invalid(reason: "it holds no private key, only \(labels.isEmpty ? "nothing" : labels)")
        }
        if keys.count > 1 { return .invalid(reason: "it holds \(keys.count) private keys; a TLS Secret takes one") }
        do {
            let key = try Certificate.PrivateKey(pemDocument: document)
            return .parsed(PublicKeySummary(key.publicKey), publicKey: ComparablePublicKey(key.publicKey))
        } catch {
            // BoringSSL refuses RSA under 2048 and over 8192 bits; controllers load up to 16384,
            // and weak-key must measure the small ones.
            if document.discriminator == "RSA PRIVATE KEY" || document.discriminator == "PRIVATE KEY",
                let numbers = RSAKeyReader.unsupportedPublicNumbers(privateKey: document.derBytes) {
                return .parsed(
                    PublicKeySummary(algorithm: .rsa, bits: numbers.bits),
                    publicKey: ComparablePublicKey(derBytes: numbers.subjectPublicKeyInfo))
            }
            return .invalid(reason: "its \(document.discriminator) block cannot be read as a supported key (PKCS#1 RSA, PKCS#8 RSA/ECDSA/Ed25519, SEC1 ECDSA)")
        }
    }
}

extension ComparablePublicKey {
    init(_ key: Certificate.PublicKey) {
        var serializer = DER.Serializer()
        if (try? serializer.serialize(key)) != nil {
            // Copied to its own size: the serializer's buffer starts at a kilobyte, and kept as
            // is, every certificate and key held one (8 MB at 2,500 TLS Secrets).
            derBytes = serializer.serializedBytes.withUnsafeBufferPointer { Array($0) }
        } else {
            derBytes = []
        }
    }

}
