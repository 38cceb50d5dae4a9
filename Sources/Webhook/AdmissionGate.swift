import NIOConcurrencyHelpers

/// Up to `limit` holders at once; the others wait in arrival order until a holder leaves or their
/// deadline passes. A waiter past its deadline is taken out of the line, never granted late.
/// Waiting costs no task of its own: one sweeper runs while anyone waits (a task per waiter made a
/// 200-connection burst a third slower).
final class AdmissionGate: Sendable {
    let limit: Int
    /// How often the sweeper looks for waiters past their deadline.
    let sweepInterval: Duration

    private struct Waiter {
        var deadline: ContinuousClock.Instant
        var continuation: CheckedContinuation<Bool, Never>
    }

    private struct State {
        var holders = 0
        var waiters: [Waiter] = []
        /// Index of the first waiter still in line (a queue without shifting the array per grant).
        var head = 0
        var sweeping = false

        var waiting: Int { waiters.count - head }

        mutating func popFirst() -> Waiter? {
            guard head < waiters.count else { return nil }
            let waiter = waiters[head]
            head += 1
            compact()
            return waiter
        }

        /// Removes the waiters whose deadline has passed, keeping the others in order.
        mutating func removeExpired(now: ContinuousClock.Instant) -> [Waiter] {
            let line = waiters[head...]
            let expired = line.filter { $0.deadline <= now }
            guard !expired.isEmpty else { return [] }
            waiters = line.filter { $0.deadline > now }
            head = 0
            return expired
        }

        mutating func compact() {
            if head == waiters.count {
                waiters.removeAll(keepingCapacity: true)
                head = 0
            } else if head > 64, head * 2 > waiters.count {
                waiters.removeFirst(head)
                head = 0
            }
        }
    }

    private let state = NIOLockedValueBox(State())

    init(limit: Int, sweepInterval: Duration = .milliseconds(50)) {
        precondition(limit > 0, "a gate lets someone through")
        self.limit = limit
        self.sweepInterval = sweepInterval
    }

    var holders: Int { state.withLockedValue { $0.holders } }

    /// Enters at once when a slot is free and nobody waits; false otherwise (nothing changes).
    /// The common case costs a lock and no task.
    func tryEnter() -> Bool {
        state.withLockedValue { state -> Bool in
            guard state.holders < limit, state.waiting == 0 else { return false }
            state.holders += 1
            return true
        }
    }

    /// True once entered; false when `deadline` passed first.
    func enter(before deadline: ContinuousClock.Instant) async -> Bool {
        if tryEnter() { return true }
        return await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let (settled, startSweeper) = state.withLockedValue { state -> (Bool?, Bool) in
                // A slot may have come free between the first look and now.
                if state.holders < limit, state.waiting == 0 {
                    state.holders += 1
                    return (true, false)
                }
                if deadline <= .now { return (false, false) }
                state.waiters.append(Waiter(deadline: deadline, continuation: continuation))
                guard !state.sweeping else { return (nil, false) }
                state.sweeping = true
                return (nil, true)
            }
            if let settled { continuation.resume(returning: settled) }
            if startSweeper { sweep() }
        }
    }

    /// A holder leaves: the first waiter still within its deadline takes its place.
    func leave() {
        let now = ContinuousClock.now
        let (granted, expired) = state.withLockedValue { state -> (CheckedContinuation<Bool, Never>?, [CheckedContinuation<Bool, Never>]) in
            precondition(state.holders > 0, "leave() without enter()")
            var expired: [CheckedContinuation<Bool, Never>] = []
            while let waiter = state.popFirst() {
                if waiter.deadline <= now {
                    expired.append(waiter.continuation)
                    continue
                }
                return (waiter.continuation, expired)
            }
            state.holders -= 1
            return (nil, expired)
        }
        for continuation in expired { continuation.resume(returning: false) }
        granted?.resume(returning: true)
    }

    /// One task while anyone waits: refuses the waiters whose deadline passed, ends with the line.
    private func sweep() {
        let interval = sweepInterval
        Task { [self] in
            while true {
                try? await Task.sleep(for: interval)
                let now = ContinuousClock.now
                let (expired, done) = state.withLockedValue { state -> ([Waiter], Bool) in
                    let expired = state.removeExpired(now: now)
                    if state.waiting == 0 { state.sweeping = false }
                    return (expired, !state.sweeping)
                }
                for waiter in expired { waiter.continuation.resume(returning: false) }
                if done { return }
            }
        }
    }
}
