import Synchronization

/// Results of a pure function kept across route tables: the webhook builds one per admission
/// from the same cluster Ingresses, and on a host with thousands of regex paths, compiling their
/// patterns again was two thirds of an admission. Bounded: when full it starts over, so a cluster
/// with more distinct patterns than `capacity` costs what it cost without the memo, never memory.
final class BoundedMemo<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let entries = Mutex<[Key: Value]>([:])
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    func value(for key: Key, making make: (Key) -> Value) -> Value {
        if let known = entries.withLock({ $0[key] }) { return known }
        // Made outside the lock: two threads may make the same value once each, and neither waits.
        let made = make(key)
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = made
        }
        return made
    }
}
