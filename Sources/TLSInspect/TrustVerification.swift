import Foundation
import SwiftASN1
import X509

/// Root certificates to verify chains against (`--ca-bundle`).
public struct TrustAnchors: Sendable {
    let roots: [Certificate]

    public struct LoadError: Error, CustomStringConvertible {
        public var description: String
    }

    public var count: Int { roots.count }

    public static func parse(pem text: String, file: String) throws -> TrustAnchors {
        let documents: [PEMDocument]
        do {
            documents = try PEMDocument.parseMultiple(pemString: text)
        } catch {
            throw LoadError(description: "\(file): not a PEM file of CA certificates")
        }
        var roots: [Certificate] = []
        for (index, document) in documents.enumerated() where document.discriminator == "CERTIFICATE" {
            do {
                roots.append(try Certificate(pemDocument: document))
            } catch {
                throw LoadError(description: "\(file): certificate \(index + 1) cannot be parsed")
            }
        }
        guard !roots.isEmpty else { throw LoadError(description: "\(file): holds no certificate") }
        return TrustAnchors(roots: roots)
    }
}

/// Whether a Secret's chain verifies to the trust anchors under RFC 5280, at a given time.
public enum TrustVerdict: Sendable, Equatable {
    case trusted
    case untrusted(reason: String)
}

public enum TrustVerification {
    /// Verifies with swift-certificates' Verifier: the leaf, the rest of tls.crt as intermediates.
    public static func verify(_ report: TLSReport, anchors: TrustAnchors, now: Date) async -> TrustVerdict? {
        let chain = report.chain
        // A leaf key BoringSSL will not load cannot be verified: no verdict (tls-weak-key speaks of
        // small ones). Such a certificate further up is left out: its placeholder key cannot make
        // anything trusted, and the chain may verify without it.
        guard let leaf = chain.first, leaf.signaturesCheckable else { return nil }
        var verifier = Verifier(rootCertificates: CertificateStore(anchors.roots)) {
            RFC5280Policy(validationTime: now)
        }
        let result = await verifier.validate(
            leaf: leaf.certificate, intermediates: CertificateStore(chain.dropFirst().filter(\.signaturesCheckable).map(\.certificate)))
        switch result {
        case .validCertificate:
            return .trusted
        case .couldNotValidate(let failures):
            let reasons = failures.map { String(describing: $0.policyFailureReason) }
            let reason = reasons.isEmpty ? "no chain to a certificate of the bundle" : Array(Set(reasons)).sorted().joined(separator: "; ")
            return .untrusted(reason: reason)
        }
    }

    /// Every report, concurrently.
    public static func verifyAll<Key: Hashable & Sendable>(_ reports: [Key: TLSReport], anchors: TrustAnchors, now: Date) async -> [Key: TrustVerdict] {
        await withTaskGroup(of: (Key, TrustVerdict?).self) { group in
            for (key, report) in reports {
                group.addTask { (key, await verify(report, anchors: anchors, now: now)) }
            }
            var verdicts: [Key: TrustVerdict] = [:]
            for await (key, verdict) in group {
                if let verdict { verdicts[key] = verdict }
            }
            return verdicts
        }
    }
}
