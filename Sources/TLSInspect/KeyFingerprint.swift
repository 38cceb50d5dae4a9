import IngressModel
import Crypto
import Foundation
import SwiftASN1

/// What a snapshot keeps of a private key: the SHA-256 of its public key (SubjectPublicKeyInfo DER),
/// in a PEM block of its own. Key/certificate matching still works offline; the key never leaves
/// the cluster. A key that cannot be read keeps only why.
public enum KeyFingerprint {
    static let label = "INGRESS-GUARD PUBLIC KEY SHA256"
    static let removedLabel = "INGRESS-GUARD PRIVATE KEY REMOVED"

    /// The replacement text for a Secret's `tls.key`.
    public static func replacement(forPrivateKeyPEM bytes: [UInt8]) -> String {
        switch TLSInspector.readKey(bytes) {
        case .parsed(_, let publicKey):
            return pem(label, Data(SHA256.hash(data: publicKey.derBytes)).base64EncodedString())
        case .fingerprint(let digest):
            return pem(label, Data(digest).base64EncodedString())
        case .encrypted:
            return pem(removedLabel, Data("encrypted".utf8).base64EncodedString())
        case .invalid(let reason):
            return pem(removedLabel, Data("invalid: \(reason)".utf8).base64EncodedString())
        }
    }

    static func pem(_ label: String, _ body: String) -> String {
        "-----BEGIN \(label)-----\n\(body)\n-----END \(label)-----\n"
    }

    /// Reads a replacement back: the fingerprint, or the reading of the removed key.
    static func read(_ text: String) -> PrivateKeyReading? {
        guard text.containsBytes("-----BEGIN INGRESS-GUARD "), let document = try? PEMDocument(pemString: text) else { return nil }
        switch document.discriminator {
        case label:
            return document.derBytes.count == 32 ? .fingerprint(sha256: document.derBytes) : .invalid(reason: "its public key fingerprint is malformed")
        case removedLabel:
            let reason = String(decoding: document.derBytes, as: UTF8.self)
            if reason == "encrypted" { return .encrypted }
            return .invalid(reason: reason.hasPrefix("invalid: ") ? String(reason.dropFirst(9)) : reason)
        default:
            return nil
        }
    }
}
