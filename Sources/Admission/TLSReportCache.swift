import Foundation
import IngressModel
import TLSInspect

/// TLS reports of Secrets, kept between admissions: reading a certificate chain and key costs more
/// than all the rules together, and a Secret's material rarely changes. Entries are keyed by the
/// Secret and its material, so a rotated Secret is read again; old entries go when the cache fills.
public final class TLSReportCache: @unchecked Sendable {
    private let lock = NSLock()
    private var reports: [Key: TLSReport] = [:]
    private let capacity: Int

    struct Key: Hashable {
        var namespace: String
        var name: String
        var certificate: [UInt8]
        var key: [UInt8]
    }

    public init(capacity: Int = 20_000) {
        self.capacity = capacity
    }

    public func report(for secret: Secret) -> TLSReport {
        let certificate = secret.values["tls.crt"]?.bytes
        let keyBytes = secret.values["tls.key"]?.bytes
        let key = Key(namespace: secret.ref.namespace, name: secret.ref.name, certificate: certificate ?? [], key: keyBytes ?? [])
        lock.lock()
        if let cached = reports[key] {
            lock.unlock()
            return cached
        }
        lock.unlock()
        let report = TLSInspector.inspect(certificatePEM: certificate, keyPEM: keyBytes)
        lock.lock()
        if reports.count >= capacity { reports.removeAll(keepingCapacity: true) }
        reports[key] = report
        lock.unlock()
        return report
    }
}
