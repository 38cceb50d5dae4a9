import Atomics

/// Counts requests in flight across all client connections, so shutdown can wait for them.
final class InFlightCounter: Sendable {
    private let count = ManagedAtomic<Int>(0)

    var current: Int { max(0, count.load(ordering: .relaxed)) }

    func started() { count.wrappingIncrement(ordering: .relaxed) }

    func finished() { count.wrappingDecrement(ordering: .relaxed) }
}
