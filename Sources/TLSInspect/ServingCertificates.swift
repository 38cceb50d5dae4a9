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

    /// A name the serving certificate covers.
    public enum SubjectName: Equatable, Sendable {
        case dns(String)
        case ipv4([UInt8])
    }

    public struct InvalidName: Error, CustomStringConvertible {
        public var name: String
        public var description: String { "\"\(name)\" is neither a DNS name nor an IPv4 address" }
    }

    /// Four decimal octets without leading zeros (as Go parses a URL's host) are an IPv4 address;
    /// a DNS-1123 subdomain (lowercase labels of 1 to 63 letters, digits and inner hyphens, 253 in
    /// all) is a DNS name; anything else is neither.
    public static func subjectName(_ text: String) -> SubjectName? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 4, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) {
            let octets = parts.compactMap { part -> UInt8? in
                guard part.count <= 3, part == "0" || !part.hasPrefix("0") else { return nil }
                return UInt8(part)
            }
            return octets.count == 4 ? .ipv4(octets) : nil
        }
        let isLabel: (Substring) -> Bool = { label in
            !label.isEmpty && label.count <= 63 && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
        }
        guard !text.isEmpty, text.utf8.count <= 253, parts.allSatisfy(isLabel) else { return nil }
        // All-numeric dotted names that are not addresses (1.2.3, 1.2.3.4.5) are refused as well:
        // a client would not know which it is.
        guard !parts.allSatisfy({ $0.allSatisfy(\.isNumber) }) else { return nil }
        return .dns(text)
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
        let names = try (dnsNames(service: service, namespace: namespace) + extraNames).map { name in
            guard let subject = subjectName(name) else { throw InvalidName(name: name) }
            return subject
        }
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
                    switch name {
                    case .dns(let text): GeneralName.dnsName(text)
                    case .ipv4(let octets): GeneralName.ipAddress(ASN1OctetString(contentBytes: ArraySlice(octets)))
                    }
                })
            },
            issuerPrivateKey: caKey)
        return Material(
            caCertificatePEM: try ca.serializeAsPEM().pemString + "\n", caKeyPEM: try caKey.serializeAsPEM().pemString + "\n",
            certificatePEM: try leaf.serializeAsPEM().pemString + "\n", keyPEM: try key.serializeAsPEM().pemString + "\n")
    }
}
