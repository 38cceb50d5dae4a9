import NIOConcurrencyHelpers

/// Up to `limit` holders at once; the others wait in arrival order until a holder leaves or their
/// deadline passes. A waiter that times out is taken out of the line, never granted late.
final class AdmissionGate: Sendable {
    let limit: Int

    private struct Waiter {
        var id: UInt64
        var continuation: CheckedContinuation<Bool, Never>
    }

    private struct State {
        var holders = 0
        var nextID: UInt64 = 0
        var waiters: [Waiter] = []
        /// Index of the first waiter still in line (a queue without shifting the array per grant).
        var head = 0

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

    init(limit: Int) {
        precondition(limit > 0, "a gate lets someone through")
        self.limit = limit
    }

    var holders: Int { state.withLockedValue { $0.holders } }

    /// True once entered; false when `deadline` passed first.
    func enter(before deadline: ContinuousClock.Instant) async -> Bool {
        let immediate = state.withLockedValue { state -> Bool in
            guard state.holders < limit, state.head == state.waiters.count else { return false }
            state.holders += 1
            return true
        }
        if immediate { return true }
        guard deadline > .now else { return false }
        let id = state.withLockedValue { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        let expiry = Task { [weak self] in
            try? await Task.sleep(until: deadline, clock: .continuous)
            self?.expire(id)
        }
        let granted = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let settled = state.withLockedValue { state -> Bool? in
                // A slot may have come free between the first look and now.
                if state.holders < limit, state.head == state.waiters.count {
                    state.holders += 1
                    return true
                }
                // Checked under the lock that `expire` takes: past the deadline, the expiry may
                // already have looked for this waiter, so it must not join the line.
                if deadline <= .now { return false }
                state.waiters.append(Waiter(id: id, continuation: continuation))
                return nil
            }
            if let settled { continuation.resume(returning: settled) }
        }
        expiry.cancel()
        return granted
    }

    /// A holder leaves: the first waiter in line takes its place.
    func leave() {
        let next = state.withLockedValue { state -> CheckedContinuation<Bool, Never>? in
            precondition(state.holders > 0, "leave() without enter()")
            if state.head < state.waiters.count {
                let waiter = state.waiters[state.head]
                state.head += 1
                state.compact()
                return waiter.continuation
            }
            state.holders -= 1
            return nil
        }
        next?.resume(returning: true)
    }

    private func expire(_ id: UInt64) {
        let expired = state.withLockedValue { state -> CheckedContinuation<Bool, Never>? in
            guard let index = state.waiters[state.head...].firstIndex(where: { $0.id == id }) else { return nil }
            let waiter = state.waiters.remove(at: index)
            state.compact()
            return waiter.continuation
        }
        expired?.resume(returning: false)
    }
}
