import IngressModel
import Crypto
import Foundation
import SwiftASN1
import X509
import _CryptoExtras

/// Everything known about the TLS material of one Secret. Built once per Secret, however many
/// Ingresses name it. Holds no key material that could be printed.
public struct TLSReport: Sendable {
    public enum CertificateReading: Sendable {
        case parsed([CertificateSummary])
        /// `tls.crt` holds no usable certificate: the reason says what it holds instead.
        case invalid(reason: String)
    }

    public struct ChainProblem: Sendable, Equatable {
        /// Position in `tls.crt`, 0 for the leaf.
        public var index: Int
        public var message: String
    }

    public var certificates: CertificateReading?
    public var key: PrivateKeyReading?
    /// Nil when either side could not be read.
    public var keyMatchesLeaf: Bool?
    public var chainProblems: [ChainProblem] = []

    public var leaf: CertificateSummary? {
        if case .parsed(let chain)? = certificates { return chain.first }
        return nil
    }

    public var chain: [CertificateSummary] {
        if case .parsed(let chain)? = certificates { return chain }
        return []
    }
}

/// Reads `tls.crt` and `tls.key` the way a controller loads them, and checks the chain.
public enum TLSInspector {
    public static func inspect(certificatePEM: [UInt8]?, keyPEM: [UInt8]?) -> TLSReport {
        var report = TLSReport()
        if let certificatePEM { report.certificates = readCertificates(certificatePEM) }
        if let keyPEM { report.key = readKey(keyPEM) }
        let certificateKey: ComparablePublicKey?
        switch report.certificates {
        case .parsed(let chain)?: certificateKey = chain.first?.publicKey
        default: certificateKey = nil
        }
        if let certificateKey {
            switch report.key {
            case .parsed(_, let privatePublic)?: report.keyMatchesLeaf = certificateKey == privatePublic
            case .fingerprint(let digest)?: report.keyMatchesLeaf = Array(SHA256.hash(data: certificateKey.derBytes)) == digest
            default: break
            }
        }
        report.chainProblems = ChainCheck.problems(report.chain)
        return report
    }

    static func readKey(_ bytes: [UInt8]) -> PrivateKeyReading {
        guard let text = String(validating: bytes, as: UTF8.self), !text.isEmpty, !bytes.contains(0) else {
            return .invalid(reason: bytes.isEmpty ? "it is empty" : "it is binary, not PEM (DER?)")
        }
        guard text.containsBytes("-----BEGIN") else { return .invalid(reason: "it holds no PEM block") }
        return PrivateKeyReader.read(text)
    }

    static func readCertificates(_ bytes: [UInt8]) -> TLSReport.CertificateReading {
        guard !bytes.isEmpty else { return .invalid(reason: "it is empty") }
        guard let text = String(validating: bytes, as: UTF8.self), !bytes.contains(0) else {
            return .invalid(reason: "it is binary (DER?); controllers expect PEM (`-----BEGIN CERTIFICATE-----`)")
        }
        guard text.containsBytes("-----BEGIN") else { return .invalid(reason: "it holds no PEM block") }
        let documents: [PEMDocument]
        do {
            documents = try PEMDocument.parseMultiple(pemString: text)
        } catch {
            return .invalid(reason: text.containsBytes("-----BEGIN") ? "its PEM blocks are malformed" : "it holds no PEM block")
        }
        let certificateDocuments = documents.filter { $0.discriminator == "CERTIFICATE" }
        guard !certificateDocuments.isEmpty else {
            let labels = documents.map(\.discriminator).joined(separator: ", ")
            return .invalid(reason: "it holds no certificate, only \(labels.isEmpty ? "nothing" : labels)")
        }
        var chain: [CertificateSummary] = []
        chain.reserveCapacity(certificateDocuments.count)
        for (index, document) in certificateDocuments.enumerated() {
            if index > 0, var known = issuers.summary(of: document.derBytes) {
                known.index = index
                chain.append(known)
                continue
            }
            let summary: CertificateSummary
            if let certificate = try? Certificate(pemDocument: document) {
                summary = CertificateSummary(certificate, index: index)
            } else if let certificate = CertificateSummary(unsupportedRSAKeyDER: document.derBytes, index: index) {
                summary = certificate
            } else {
                return .invalid(reason: "certificate \(index + 1) cannot be parsed as X.509")
            }
            if index > 0 { issuers.remember(summary, of: document.derBytes) }
            chain.append(summary)
        }
        return .parsed(chain)
    }

    private static let issuers = IssuerCertificates()
}

/// The certificates that follow a leaf, by their DER: an issuer's intermediate repeats in every
/// Secret it signed (2,500 times in the benchmark, as in a cluster whose certificates one issuer
/// makes), and is read once. Leaves are unique and not kept.
private final class IssuerCertificates: @unchecked Sendable {
    private let lock = NSLock()
    private var known: [[UInt8]: CertificateSummary] = [:]
    /// Bounds what a hostile or vast input can make it hold (a summary is a few kilobytes).
    private static let limit = 256

    func summary(of der: [UInt8]) -> CertificateSummary? {
        lock.lock()
        defer { lock.unlock() }
        return known[der]
    }

    func remember(_ summary: CertificateSummary, of der: [UInt8]) {
        lock.lock()
        defer { lock.unlock() }
        if known.count >= Self.limit { known.removeAll(keepingCapacity: true) }
        known[der] = summary
    }
}
