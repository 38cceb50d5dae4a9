import NIOConcurrencyHelpers

/// Something that happens once, awaited by any number of tasks: a stop signal, a service's end.
/// The first `fire` wins; a waiter that is cancelled first gets nil.
public final class OneShotEvent<Value: Sendable>: Sendable {
    private struct State {
        var value: Value?
        var waiters: [Int: CheckedContinuation<Value?, Never>] = [:]
        var nextWaiter = 0
    }

    private let state = NIOLockedValueBox(State())

    public init() {}

    public var hasFired: Bool { state.withLockedValue { $0.value != nil } }

    public func fire(_ value: Value) {
        let waiters = state.withLockedValue { state -> [CheckedContinuation<Value?, Never>] in
            guard state.value == nil else { return [] }
            state.value = value
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume(returning: value) }
    }

    /// The fired value, at once if it has fired; nil when the waiting task is cancelled first.
    public func wait() async -> Value? {
        let id = state.withLockedValue { state in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                // Cancellation may have come before the waiter was registered: its handler then
                // found nothing to resume, so it is checked again under the lock.
                let ready: Value?? = state.withLockedValue { state in
                    if let value = state.value { return .some(value) }
                    if Task.isCancelled { return .some(nil) }
                    state.waiters[id] = continuation
                    return .none
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            state.withLockedValue { $0.waiters.removeValue(forKey: id) }?.resume(returning: nil)
        }
    }
}
