import Foundation

/// Results of concurrent work, one slot per input, read back in input order so that output stays
/// deterministic however the work was scheduled.
public final class OrderedResults<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Value?]

    public init(count: Int) {
        storage = Array(repeating: nil, count: count)
    }

    public subscript(index: Int) -> Value? {
        get { lock.withLock { storage[index] } }
        set { lock.withLock { storage[index] = newValue } }
    }

    /// The filled slots, in input order.
    public var values: [Value] { lock.withLock { storage.compactMap { $0 } } }

    /// Runs `body` for every index on all cores and returns the results in index order.
    public static func compute(count: Int, _ body: @Sendable (Int) -> Value) -> [Value] {
        let results = OrderedResults<Value>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            results[index] = body(index)
        }
        return results.values
    }
}
