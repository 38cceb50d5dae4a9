/// One client connection's requests, as events in and actions out: `ProxyRequestHandler` routes
/// each head and performs what this says for the parts that follow. A connection is idle, forwards
/// one request to a backend, drops the rest of a request the proxy answered itself, or is closed.
struct ClientConnectionStateMachine {
    enum State {
        case idle
        case forwarding(ForwardedRequest)
        /// The proxy answered (404, 413, 502, ...) before the request's end: its remaining parts
        /// are read and dropped.
        case discarding
        case closed
    }

    enum BodyAction {
        case forward(ForwardedRequest)
        /// Over the body limit: answer 413 (or cut the connection) and drop the upstream exchange.
        case refuseOversized(ForwardedRequest)
        case drop
    }

    enum EndAction {
        case forwardEnd(ForwardedRequest)
        case none
    }

    private(set) var state: State = .idle
    let maxBodyBytes: Int

    init(maxBodyBytes: Int) {
        self.maxBodyBytes = maxBodyBytes
    }

    var current: ForwardedRequest? {
        if case .forwarding(let request) = state { return request }
        return nil
    }

    func isCurrent(_ request: ForwardedRequest) -> Bool { current === request }

    /// A new request head: a drop in progress ends with it (the handler routes the head next).
    mutating func headReceived() {
        if case .discarding = state { state = .idle }
    }

    mutating func routed(_ request: ForwardedRequest) {
        guard case .closed = state else {
            state = .forwarding(request)
            return
        }
    }

    /// The proxy answered the request itself: what is left of it is dropped.
    mutating func answered() {
        guard case .closed = state else {
            state = .discarding
            return
        }
    }

    mutating func bodyReceived(bytes: Int) -> BodyAction {
        guard case .forwarding(let request) = state else { return .drop }
        request.bodyBytes += bytes
        if request.bodyBytes > maxBodyBytes {
            state = .discarding
            return .refuseOversized(request)
        }
        return .forward(request)
    }

    mutating func endReceived() -> EndAction {
        switch state {
        case .forwarding(let request):
            request.receivedEnd = true
            return .forwardEnd(request)
        case .discarding:
            state = .idle
            return .none
        case .idle, .closed:
            return .none
        }
    }

    /// The exchange is over (answered, failed or cut); true when it was the current request.
    @discardableResult
    mutating func exchangeFinished(_ request: ForwardedRequest) -> Bool {
        guard isCurrent(request) else { return false }
        state = .idle
        return true
    }

    /// The backend failed and the proxy answered for it: a request not yet read to its end has
    /// its rest dropped.
    mutating func exchangeFailed(_ request: ForwardedRequest) {
        if !request.receivedEnd, !isClosed { state = .discarding }
    }

    /// The client went away: the request in flight, if any, is to be abandoned upstream.
    mutating func connectionClosed() -> ForwardedRequest? {
        let request = current
        state = .closed
        return request
    }

    private var isClosed: Bool {
        if case .closed = state { return true }
        return false
    }
}
