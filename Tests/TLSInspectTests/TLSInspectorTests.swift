import CertificateFixtures
import Foundation
import IngressModel
import Testing
@testable import TLSInspect

/// Certificates and keys are generated at test time (CertificateFixtures); nothing here can expire.
@Suite struct TLSInspectorTests {
    func report(_ fixture: CertificateFixtures.Fixture, key other: CertificateFixtures.Fixture? = nil) -> TLSReport {
        let material = CertificateFixtures.material(fixture)
        let key = other.map { CertificateFixtures.material($0).keyPEM } ?? material.keyPEM
        return TLSInspector.inspect(certificatePEM: Array(material.certificatePEM.utf8), keyPEM: Array(key.utf8))
    }

    @Test func validLeafAndMatchingKey() throws {
        let result = report(.shop)
        let leaf = try #require(result.leaf)
        #expect(leaf.dnsNames == ["shop.example.com", "www.shop.example.com"])
        #expect(leaf.key == PublicKeySummary(algorithm: .ecdsa, bits: 256))
        #expect(result.keyMatchesLeaf == true)
        #expect(result.chainProblems.isEmpty)
        #expect(!leaf.hasWeakSignature)
    }

    @Test func keyOfAnotherCertificateDoesNotMatch() {
        #expect(report(.shop, key: .wildcard).keyMatchesLeaf == false)
    }

    @Test func chainInOrderVerifiesAndReversedChainIsReported() {
        #expect(report(.shopChain).chainProblems.isEmpty)
        #expect(report(.shopChain).chain.count == 2)
        let reversed = report(.shopChainReversed)
        #expect(reversed.chainProblems.first?.message.contains("CA certificate") == true)
        #expect(reversed.keyMatchesLeaf == false)
    }

    /// Intermediates are read once and remembered by their bytes: read again, at another place in
    /// another chain, each is the same certificate at its own position.
    @Test func aRememberedIntermediateKeepsItsPlaceInEachChain() throws {
        let chain = CertificateFixtures.material(.shopChain).certificatePEM
        let first = TLSInspector.inspect(certificatePEM: Array(chain.utf8), keyPEM: nil).chain
        let again = TLSInspector.inspect(certificatePEM: Array(chain.utf8), keyPEM: nil).chain
        #expect(first.map(\.index) == [0, 1] && again.map(\.index) == [0, 1])
        #expect(first.map(\.subject) == again.map(\.subject) && first.map(\.notAfter) == again.map(\.notAfter))
        let intermediate = try #require(chain.range(of: "-----BEGIN CERTIFICATE-----", options: .backwards)).lowerBound
        let doubled = chain + String(chain[intermediate...])
        let longer = TLSInspector.inspect(certificatePEM: Array(doubled.utf8), keyPEM: nil)
        #expect(longer.chain.map(\.index) == [0, 1, 2])
        #expect(longer.chain[2].subject == first[1].subject)
        #expect(longer.chainProblems.first?.index == 1, "the repeated intermediate is not issued by itself")
    }

    @Test func caCertificateAsLeafIsReported() {
        #expect(report(.caAsLeaf).leaf?.isCertificateAuthority == true)
        #expect(report(.caAsLeaf).chainProblems.first?.message.contains("CA:TRUE") == true)
    }

    @Test func validityDatesAreRead() throws {
        let now = Date()
        #expect(try #require(report(.expired).leaf).notAfter < now)
        #expect(try #require(report(.notYetValid).leaf).notBefore > now)
        let expiring = try #require(report(.expiring).leaf).notAfter.timeIntervalSince(now) / 86_400
        #expect(expiring > 4 && expiring < 6)
    }

    /// swift-certificates refuses the whole certificate for its 1024-bit key; every field is still
    /// read, so the other checks (expiry, names) are not stopped by the weak key.
    @Test func weakRSAKeyIsReadDespiteSwiftCertificatesRefusingIt() throws {
        let result = report(.rsa1024)
        let leaf = try #require(result.leaf, "expected the 1024-bit certificate to be read, got \(String(describing: result.certificates))")
        #expect(leaf.key == PublicKeySummary(algorithm: .rsa, bits: 1024))
        #expect(leaf.key.isWeak)
        #expect(!leaf.dnsNames.isEmpty && leaf.notAfter > leaf.notBefore)
        #expect(result.keyMatchesLeaf == true)
        #expect(result.chainProblems.isEmpty)
    }

    @Test func sha1SignatureIsWeak() throws {
        let leaf = try #require(report(.sha1).leaf)
        #expect(leaf.hasWeakSignature)
        #expect(leaf.key.bits == 2048)
    }

    @Test func ed25519KeysAreSupported() throws {
        let result = report(.ed25519)
        #expect(try #require(result.leaf).key.algorithm == .ed25519)
        #expect(result.keyMatchesLeaf == true)
    }

    @Test func encryptedKeyIsRecognised() {
        guard case .encrypted? = report(.encrypted).key else {
            Issue.record("expected an encrypted key")
            return
        }
    }

    @Test func commonNameOnlyCertificateHasNoSAN() throws {
        let leaf = try #require(report(.commonNameOnly).leaf)
        #expect(!leaf.hasSubjectAlternativeNames)
        #expect(leaf.commonName == "shop.example.com")
    }

    @Test(arguments: [
        ("", "it is empty"), ("garbage", "no PEM block"), ("\u{0}\u{1}binary", "binary"),
    ])
    func unusableCertificatesSayWhy(text: String, reason: String) {
        let result = TLSInspector.inspect(certificatePEM: Array(text.utf8), keyPEM: nil)
        guard case .invalid(let why)? = result.certificates else {
            Issue.record("expected invalid")
            return
        }
        #expect(why.contains(reason), "\(why)")
    }

    @Test func aKeyInTheCertificateSlotIsNamed() {
        let key = CertificateFixtures.material(.shop).keyPEM
        let result = TLSInspector.inspect(certificatePEM: Array(key.utf8), keyPEM: Array(key.utf8))
        guard case .invalid(let why)? = result.certificates else {
            Issue.record("expected invalid")
            return
        }
        #expect(why.contains("PRIVATE KEY"))
    }

    @Test func certificateInTheKeySlotIsNamed() {
        let certificate = CertificateFixtures.material(.shop).certificatePEM
        guard case .invalid(let why)? = TLSInspector.inspect(certificatePEM: nil, keyPEM: Array(certificate.utf8)).key else {
            Issue.record("expected invalid")
            return
        }
        #expect(why.contains("CERTIFICATE"))
    }

    @Test func wildcardsCoverExactlyOneLabel() {
        #expect(HostPattern.any(of: ["*.example.com"], covers: "shop.example.com"))
        #expect(!HostPattern.any(of: ["*.example.com"], covers: "a.shop.example.com"))
        #expect(!HostPattern.any(of: ["*.example.com"], covers: "example.com"))
        #expect(HostPattern.any(of: ["*.example.com"], covers: "*.example.com"))
        #expect(HostPattern.any(of: ["shop.example.com"], covers: "SHOP.example.com"))
    }
}
