import Crypto
import Foundation
import SwiftASN1
import X509

extension CertificateFixtures {
    /// A CA made at test time, a serving certificate it issued, and client certificates on demand:
    /// what a test server (the API server double, the webhook) needs for real TLS handshakes.
    public struct ServingPKI: Sendable {
        public var caPEM: String
        public var serverCertificatePEM: String
        public var serverKeyPEM: String
        let issuer: Issuer

        /// Another serving certificate from the same CA: what a rotation installs.
        public func serverCertificate(dnsNames: [String], validFor: TimeInterval = 86_400 * 30) -> Material {
            let key = Certificate.PrivateKey(P256.Signing.PrivateKey())
            let now = Date()
            let certificate = try! Certificate(
                version: .v3, serialNumber: .init(), publicKey: key.publicKey,
                notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(validFor),
                issuer: issuer.name, subject: CertificateFixtures.name(dnsNames.first ?? "server"), signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.notCertificateAuthority)
                    try ExtendedKeyUsage([.serverAuth])
                    SubjectAlternativeNames(dnsNames.map { GeneralName.dnsName($0) })
                },
                issuerPrivateKey: issuer.key)
            return Material(certificatePEM: CertificateFixtures.pem([certificate]), keyPEM: CertificateFixtures.pem(key))
        }

        /// A client certificate for `commonName` (the user) with `organizations` (the groups).
        public func clientCertificate(commonName: String, organizations: [String] = []) -> Material {
            let key = Certificate.PrivateKey(P256.Signing.PrivateKey())
            let now = Date()
            let subject = (try? DistinguishedName {
                for organization in organizations { OrganizationName(organization) }
                CommonName(commonName)
            }) ?? DistinguishedName()
            let certificate = try! Certificate(
                version: .v3, serialNumber: .init(), publicKey: key.publicKey,
                notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(86_400),
                issuer: issuer.name, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.notCertificateAuthority)
                    try ExtendedKeyUsage([.clientAuth])
                },
                issuerPrivateKey: issuer.key)
            return Material(certificatePEM: CertificateFixtures.pem([certificate]), keyPEM: CertificateFixtures.pem(key))
        }
    }

    public static func makeServingPKI(dnsNames: [String], ipAddresses: [String] = [], caName: String = "IngressGuard Test Serving CA") -> ServingPKI {
        let ca = makeCA(name: caName, key: Certificate.PrivateKey(P256.Signing.PrivateKey()), issuer: nil)
        let key = Certificate.PrivateKey(P256.Signing.PrivateKey())
        let now = Date()
        let names = dnsNames.map { GeneralName.dnsName($0) } + ipAddresses.compactMap { address -> GeneralName? in
            let octets = address.split(separator: ".").compactMap { UInt8($0) }
            guard octets.count == 4 else { return nil }
            return .ipAddress(ASN1OctetString(contentBytes: ArraySlice(octets)))
        }
        let certificate = try! Certificate(
            version: .v3, serialNumber: .init(), publicKey: key.publicKey,
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(86_400 * 30),
            issuer: ca.name, subject: name(dnsNames.first ?? "server"), signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(names)
            },
            issuerPrivateKey: ca.key)
        return ServingPKI(caPEM: pem([ca.certificate]), serverCertificatePEM: pem([certificate]), serverKeyPEM: pem(key), issuer: ca)
    }
}
