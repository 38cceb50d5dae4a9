import Crypto
import Foundation
import NIOSSL
import X509

/// A certificate chain and its private key, ready for NIOSSL: what the proxy presents for a TLS
/// Secret and the webhook for its serving files. Loading checks what would otherwise fail every
/// handshake later: an empty chain, or a key that is not the leaf's.
public struct ServingPair: Sendable {
    public var chain: [NIOSSLCertificate]
    public var key: NIOSSLPrivateKey

    public init(chain: [NIOSSLCertificate], key: NIOSSLPrivateKey) {
        self.chain = chain
        self.key = key
    }

    public struct LoadError: Error, CustomStringConvertible {
        public var description: String
    }

    /// From PEM bytes (a Secret's `tls.crt` and `tls.key`).
    public static func load(certificatePEM: [UInt8], keyPEM: [UInt8]) throws -> ServingPair {
        let chain = try NIOSSLCertificate.fromPEMBytes(certificatePEM)
        guard !chain.isEmpty else { throw LoadError(description: "the certificate PEM holds no certificate") }
        let key = try NIOSSLPrivateKey(bytes: keyPEM, format: .pem)
        return try validated(ServingPair(chain: chain, key: key))
    }

    /// From PEM files (the webhook's `--tls-cert` and `--tls-key`).
    public static func load(certificatePath: String, keyPath: String) throws -> ServingPair {
        let chain = try NIOSSLCertificate.fromPEMFile(certificatePath)
        guard !chain.isEmpty else { throw LoadError(description: "\(certificatePath) holds no certificate") }
        let key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
        return try validated(ServingPair(chain: chain, key: key))
    }

    /// A context made from the pair fails when the key is not the certificate's.
    private static func validated(_ pair: ServingPair) throws -> ServingPair {
        _ = try NIOSSLContext(configuration: .makeServerConfiguration(certificateChain: pair.chain.map { .certificate($0) }, privateKey: .privateKey(pair.key)))
        return pair
    }

    /// A certificate for hosts without one, as controllers serve their "fake" default certificate.
    public static func selfSigned(commonName: String = "ingress-guard default certificate") throws -> ServingPair {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName { CommonName(commonName) }
        let now = Date()
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey),
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(86_400 * 365),
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions { Critical(BasicConstraints.notCertificateAuthority) },
            issuerPrivateKey: .init(key))
        let pem = try certificate.serializeAsPEM().pemString
        return ServingPair(
            chain: try NIOSSLCertificate.fromPEMBytes(Array(pem.utf8)),
            key: try NIOSSLPrivateKey(bytes: Array(key.pemRepresentation.utf8), format: .pem))
    }
}
