import Analysis
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A lint run that takes seconds shows it: one line on standard error, rewritten in place, only on
/// a terminal and never in CI logs (`CI` set) or with `TERM=dumb`; nothing for the first 300 ms,
/// so small runs print nothing; at most ten updates a second; cleared before the report.
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private let start = ContinuousClock.now
    private var lastDraw: ContinuousClock.Instant?
    private var shown = false
    private var pending: String?
    private var finished = false
    private var drawn: String?

    /// Nil where a progress line would end up in a pipe, a file or a CI log.
    static func forTerminal() -> ProgressLine? {
        let environment = ProcessInfo.processInfo.environment
        guard isatty(STDERR_FILENO) == 1, environment["CI"] == nil, environment["TERM"] != "dumb" else { return nil }
        let line = ProgressLine()
        // What was reported before the 300 ms are up is drawn then, even if nothing follows (a
        // long rule pass after a quick load).
        line.tick(after: .milliseconds(300))
        return line
    }

    /// Draws what was last reported if nobody has, then looks again in 100 ms, until finished.
    private func tick(after delay: DispatchTimeInterval) {
        DispatchQueue.global().asyncAfter(deadline: .now() + delay) { [self] in
            lock.lock()
            defer { lock.unlock() }
            guard !finished else { return }
            if let pending, pending != drawn { draw(pending, at: .now) }
            tick(after: .milliseconds(100))
        }
    }

    private func draw(_ text: String, at now: ContinuousClock.Instant) {
        lastDraw = now
        shown = true
        drawn = text
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
    }

    var progress: LoadProgress { LoadProgress { [self] text in update(text) } }

    func update(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        let now = ContinuousClock.now
        pending = text
        guard !finished, now - start >= .milliseconds(300) else { return }
        if let lastDraw, now - lastDraw < .milliseconds(100) { return }
        draw(text, at: now)
    }

    /// Clears the line (if one was drawn) so the report starts on a clean one.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        shown = false
        finished = true
    }
}
