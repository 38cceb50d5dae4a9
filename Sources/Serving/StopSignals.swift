import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGINT and SIGTERM as an event the servers await to stop gracefully. Made before a server says
/// where it listens: a signal sent as soon as the address is seen must stop it cleanly, not end
/// the process by the signal's default action.
public final class StopSignals: Sendable {
    private let event = OneShotEvent<Int32>()
    /// Dispatch sources may be cancelled from any thread (and more than once); Dispatch does not
    /// mark them Sendable yet.
    private nonisolated(unsafe) let sources: [any DispatchSourceSignal]

    public init(_ numbers: [Int32] = [SIGINT, SIGTERM]) {
        let event = self.event
        let queue = DispatchQueue(label: "ingress-guard.stop-signals")
        sources = numbers.map { number in
            // Ignored by the process, so that only the source sees it. Left ignored after
            // `cancel()`: a second signal during the drain must not cut it short.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { event.fire(number) }
            source.resume()
            return source
        }
    }

    /// The first signal received; nil when the waiting task is cancelled first.
    public func wait() async -> Int32? {
        await event.wait()
    }

    public func cancel() {
        for source in sources { source.cancel() }
    }
}
