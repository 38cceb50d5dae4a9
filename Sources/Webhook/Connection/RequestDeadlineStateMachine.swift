import NIOCore

/// The deadlines of one connection's requests, as events in and actions out. A connection ready
/// for a request must send its whole head within `headerTimeout`; from the head, the body must be
/// read within `requestTimeout` and never slower than `minimumBodyRate` bytes over a second. A
/// client that trickles bytes (one every 2 s never trips an idle timeout) is cut off.
struct RequestDeadlineStateMachine {
    struct Limits: Sendable {
        var headerTimeout: TimeAmount
        var requestTimeout: TimeAmount
        var minimumBodyRate: Int
        /// How often the body's rate is judged.
        var rateWindow: TimeAmount = .seconds(1)
    }

    enum State {
        case awaitingHead(since: NIODeadline)
        case readingBody(since: NIODeadline, windowStart: NIODeadline, windowBytes: Int)
        /// The request is read; its answer is being made. No deadline of the connection's: the
        /// request's own (`InFlightLimitMiddleware`) applies.
        case answering
        case closed
    }

    enum Action: Equatable {
        case none
        /// Close the connection, for this reason (logged and counted).
        case close(String)
    }

    let limits: Limits
    private(set) var state: State

    init(limits: Limits, now: NIODeadline) {
        self.limits = limits
        state = .awaitingHead(since: now)
    }

    mutating func headRead(now: NIODeadline) {
        switch state {
        case .awaitingHead, .answering:
            // A pipelined head may come before the previous answer is out.
            state = .readingBody(since: now, windowStart: now, windowBytes: 0)
        case .readingBody:
            preconditionFailure("a request head inside a request body: the HTTP decoder does not do that")
        case .closed:
            break
        }
    }

    mutating func bodyRead(bytes: Int) {
        switch state {
        case .readingBody(let since, let windowStart, let windowBytes):
            state = .readingBody(since: since, windowStart: windowStart, windowBytes: windowBytes + bytes)
        case .awaitingHead, .answering:
            preconditionFailure("a body part outside a request: the HTTP decoder does not do that")
        case .closed:
            break
        }
    }

    mutating func endRead() {
        switch state {
        case .readingBody:
            state = .answering
        case .awaitingHead, .answering:
            preconditionFailure("a request end outside a request: the HTTP decoder does not do that")
        case .closed:
            break
        }
    }

    /// The answer's last part was written: the connection waits for its next request.
    mutating func responseSent(now: NIODeadline) {
        if case .answering = state { state = .awaitingHead(since: now) }
    }

    /// When `tick` must next be called; nil when no deadline runs.
    var nextCheck: NIODeadline? {
        switch state {
        case .awaitingHead(let since):
            return since + limits.headerTimeout
        case .readingBody(let since, let windowStart, _):
            return min(since + limits.requestTimeout, windowStart + limits.rateWindow)
        case .answering, .closed:
            return nil
        }
    }

    mutating func tick(now: NIODeadline) -> Action {
        switch state {
        case .awaitingHead(let since):
            guard now >= since + limits.headerTimeout else { return .none }
            state = .closed
            return .close("no whole request head within \(limits.headerTimeout.seconds) s")
        case .readingBody(let since, let windowStart, let windowBytes):
            if now >= since + limits.requestTimeout {
                state = .closed
                return .close("request body not read within \(limits.requestTimeout.seconds) s")
            }
            guard now >= windowStart + limits.rateWindow else { return .none }
            if windowBytes < limits.minimumBodyRate {
                state = .closed
                return .close("request body slower than \(limits.minimumBodyRate) bytes a second")
            }
            state = .readingBody(since: since, windowStart: now, windowBytes: 0)
            return .none
        case .answering, .closed:
            return .none
        }
    }

    mutating func closed() {
        state = .closed
    }
}

extension TimeAmount {
    /// Whole seconds, for messages.
    fileprivate var seconds: Int64 { nanoseconds / 1_000_000_000 }
}
