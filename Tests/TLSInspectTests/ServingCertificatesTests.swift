import Foundation
import Testing
import SwiftASN1
import X509
@testable import TLSInspect

/// `webhook certs`: which names become which subject alternative names.
@Suite struct ServingCertificatesTests {
    @Test func addressesAndDNSNamesAreToldApartStrictly() {
        #expect(ServingCertificates.subjectName("127.0.0.1") == .ipv4([127, 0, 0, 1]))
        #expect(ServingCertificates.subjectName("10.0.0.255") == .ipv4([10, 0, 0, 255]))
        #expect(ServingCertificates.subjectName("webhook.example.com") == .dns("webhook.example.com"))
        #expect(ServingCertificates.subjectName("ingress-guard") == .dns("ingress-guard"))
        // Go reads a leading zero as part of a hostname, not an octal octet: refused either way.
        for refused in ["010.0.0.1", "256.1.1.1", "1..2.3.4", "1.2.3", "1.2.3.4.5", "a..b", "-x", "x-", "Upper.example.com", "::1", "", "a_b", String(repeating: "a", count: 64)] {
            #expect(ServingCertificates.subjectName(refused) == nil, "\(refused)")
        }
    }

    @Test func extraNamesLandInTheServingCertificate() throws {
        let material = try ServingCertificates.generate(service: "ingress-guard", namespace: "system", days: 30, extraNames: ["127.0.0.1", "webhook.example.com"])
        let certificate = try Certificate(pemEncoded: material.certificatePEM)
        let names = try #require(try certificate.extensions.subjectAlternativeNames)
        #expect(names.contains(.ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1]))))
        #expect(names.contains(.dnsName("webhook.example.com")))
        #expect(names.contains(.dnsName("ingress-guard.system.svc")))
        #expect(throws: ServingCertificates.InvalidName.self) {
            try ServingCertificates.generate(service: "ingress-guard", namespace: "system", days: 30, extraNames: ["1..2.3.4"])
        }
    }
}
