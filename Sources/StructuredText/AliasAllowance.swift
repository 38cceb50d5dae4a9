import Foundation

/// Nodes that YAML aliases and merge keys may still add in one run, shared by every file of it
/// (files are composed concurrently). A file takes its share in grants, so the lock is taken once
/// per grant, not once per node.
public final class AliasAllowance: @unchecked Sendable {
    private let lock = NSLock()
    private var remaining: Int
    public let total: Int

    public init(total: Int) {
        self.total = total
        remaining = total
    }

    /// Up to `wanted` nodes from what is left (0 once the run's allowance is spent).
    func grant(_ wanted: Int) -> Int {
        lock.lock()
        defer { lock.unlock() }
        let granted = min(wanted, remaining)
        remaining -= granted
        return granted
    }
}
