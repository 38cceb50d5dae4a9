import Foundation

/// Standard output for a server's log lines: written in order by a queue of its own, so that a
/// slow reader never stops a thread that answers requests, and in batches of up to 20 ms, so
/// that a busy server makes one write and one wake-up for many lines (a wake-up per line cost the
/// webhook a tenth of its throughput).
final class BatchedOutput: @unchecked Sendable {
    private let lock = NSLock()
    // Guarded by `lock`.
    private var pending: [String] = []
    private let queue = DispatchQueue(label: "ingress-guard.output")
    private let delay: DispatchTimeInterval

    init(delay: DispatchTimeInterval = .milliseconds(20)) {
        self.delay = delay
    }

    func write(_ text: String) {
        lock.lock()
        let idle = pending.isEmpty
        pending.append(text)
        lock.unlock()
        // One flush is scheduled per batch: lines that arrive before it runs join it.
        if idle { queue.asyncAfter(deadline: .now() + delay) { self.flush() } }
    }

    /// Returns once everything written so far is out.
    func drain() {
        queue.sync { flush() }
    }

    private func flush() {
        lock.lock()
        let batch = pending
        pending = []
        lock.unlock()
        if !batch.isEmpty { FileHandleOutput.standardOutput(batch.joined()) }
    }
}
