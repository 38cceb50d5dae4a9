import Admission
import NIOConcurrencyHelpers
import Rules
import Serving

/// The checker admissions are decided by, rebuilt when the configuration file (`--policy`, usually
/// a ConfigMap volume) changes: the next admission uses the new policy. A version that does not
/// parse is reported and the last good one kept, so a typo in the ConfigMap never opens the gate
/// nor closes it.
public final class PolicyReloader: Sendable {
    public let path: String?
    private let base: AdmissionPolicy
    private let tlsReports: TLSReportCache
    private let current: NIOLockedValueBox<AdmissionChecker>
    private let watcher: FileWatcher

    public enum Reload: Sendable {
        case applied
        case rejected(String)
    }

    /// Reads the file once: an invalid policy at start is the caller's error to report (exit 2).
    public init(base: AdmissionPolicy, path: String?, tlsReports: TLSReportCache = TLSReportCache()) throws {
        self.base = base
        self.path = path
        self.tlsReports = tlsReports
        // The watcher's first look comes before the read: a change in between is seen, not lost.
        watcher = FileWatcher(paths: path.map { [$0] } ?? [])
        let file = try path.map(Self.read) ?? LintConfiguration()
        current = NIOLockedValueBox(AdmissionChecker(policy: base.applying(file), tlsReports: tlsReports))
    }

    public var checker: AdmissionChecker { current.withLockedValue { $0 } }

    static func read(_ path: String) throws -> LintConfiguration {
        try LintConfiguration.load(path: path, knownRules: Set(BuiltinRules.all.map(\.id)))
    }

    /// Re-reads the file now; the webhook calls it when the watcher sees a change.
    @discardableResult
    public func reload() -> Reload {
        guard let path else { return .applied }
        do {
            let next = AdmissionChecker(policy: base.applying(try Self.read(path)), tlsReports: tlsReports)
            current.withLockedValue { $0 = next }
            return .applied
        } catch {
            return .rejected("\(error)")
        }
    }

    public func start(onReload: @escaping @Sendable (Reload) -> Void) {
        watcher.start { [self] in onReload(reload()) }
    }

    public func stop() {
        watcher.stop()
    }
}
