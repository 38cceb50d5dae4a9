import Crypto
import Foundation
import SwiftASN1
import X509

/// A CA and a serving certificate for a webhook Service (`NAME.NAMESPACE.svc`, the name the API
/// server verifies), for clusters without cert-manager: `ingress-guard webhook certs`.
public enum ServingCertificates {
    public struct Material: Sendable {
        public var caCertificatePEM: String
        public var caKeyPEM: String
        public var certificatePEM: String
        public var keyPEM: String
    }

    public static func dnsNames(service: String, namespace: String) -> [String] {
        [service, "\(service).\(namespace)", "\(service).\(namespace).svc", "\(service).\(namespace).svc.cluster.local"]
    }

    public static func generate(service: String, namespace: String, days: Int, extraNames: [String] = [], now: Date = Date()) throws -> Material {
        let caKey = Certificate.PrivateKey(P256.Signing.PrivateKey())
        let caName = try DistinguishedName { CommonName("ingress-guard webhook CA (\(namespace)/\(service))") }
        let ca = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: caKey.publicKey,
            notValidBefore: now.addingTimeInterval(-300), notValidAfter: now.addingTimeInterval(86_400 * Double(days) * 2),
            issuer: caName, subject: caName, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            },
            issuerPrivateKey: caKey)
        let key = Certificate.PrivateKey(P256.Signing.PrivateKey())
        let names = dnsNames(service: service, namespace: namespace) + extraNames
        let leaf = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: key.publicKey,
            notValidBefore: now.addingTimeInterval(-300), notValidAfter: now.addingTimeInterval(86_400 * Double(days)),
            issuer: caName, subject: try DistinguishedName { CommonName("\(service).\(namespace).svc") },
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(names.map { name in
                    let octets = name.split(separator: ".").compactMap { UInt8($0) }
                    return octets.count == 4 && name.allSatisfy({ $0.isNumber || $0 == "." })
                        ? GeneralName.ipAddress(ASN1OctetString(contentBytes: ArraySlice(octets)))
                        : GeneralName.dnsName(name)
                })
            },
            issuerPrivateKey: caKey)
        return Material(
            caCertificatePEM: try ca.serializeAsPEM().pemString + "\n", caKeyPEM: try caKey.serializeAsPEM().pemString + "\n",
            certificatePEM: try leaf.serializeAsPEM().pemString + "\n", keyPEM: try key.serializeAsPEM().pemString + "\n")
    }
}
