import Foundation
import IngressModel
import TLSInspect

/// TLS reports of Secrets, kept between admissions: reading a certificate chain and key costs more
/// than all the rules together, and a Secret's material rarely changes. Entries are keyed by the
/// Secret and hold the material they were made from, so a rotated Secret is read again (comparing
/// the bytes is immediate while the state still shares them; hashing them was not); old entries
/// go when the cache fills.
public final class TLSReportCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [Key: Entry] = [:]
    private let capacity: Int

    struct Key: Hashable {
        var namespace: String
        var name: String
    }

    struct Entry {
        var certificate: [UInt8]?
        var key: [UInt8]?
        var report: TLSReport
    }

    public init(capacity: Int = 20_000) {
        self.capacity = capacity
    }

    public func report(for secret: Secret) -> TLSReport {
        let certificate = secret.values[Secret.certificateKey]?.bytes
        let keyBytes = secret.values[Secret.privateKeyKey]?.bytes
        let key = Key(namespace: secret.ref.namespace, name: secret.ref.name)
        lock.lock()
        if let cached = entries[key], cached.certificate == certificate, cached.key == keyBytes {
            lock.unlock()
            return cached.report
        }
        lock.unlock()
        let report = TLSInspector.inspect(certificatePEM: certificate, keyPEM: keyBytes)
        lock.lock()
        if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
        entries[key] = Entry(certificate: certificate, key: keyBytes, report: report)
        lock.unlock()
        return report
    }
}
