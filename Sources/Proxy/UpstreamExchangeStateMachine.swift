import NIOCore
import NIOHTTP1

/// One upstream connection's exchanges, as events in and actions out: `UpstreamHandler` only
/// performs what this says. A connection is idle (pooled or new), awaits the response head of a
/// request (the response deadline runs), streams a response to the client, or is closed.
/// Impossible transitions (a body before a head: the HTTP decoder never delivers one) are
/// programming errors.
struct UpstreamExchangeStateMachine {
    enum State {
        case idle
        case awaitingHead(UpstreamExchange)
        /// `closeClient`: the client connection ends with this response; `keepAlive`: the backend
        /// keeps this connection.
        case streaming(UpstreamExchange, closeClient: Bool, keepAlive: Bool)
        case closed
    }

    enum HeadAction {
        /// Send this head to the client (hop-by-hop headers already replaced).
        case forward(HTTPResponseHead, UpstreamExchange)
        /// No exchange (abandoned): drop what comes.
        case drop
    }

    enum EndAction {
        /// Finish the client's response; close the client connection when `closeClient`; give this
        /// connection back to the pool when `reuse`, else close it.
        case finish(UpstreamExchange, trailers: HTTPHeaders?, closeClient: Bool, reuse: Bool)
        case drop
    }

    enum FailureAction {
        case none
        /// Answer the client with this status (no response head went out yet).
        case answer(UpstreamExchange, HTTPResponseStatus, String)
        /// The response was cut short: the client must see a broken response, so its connection closes.
        case cutClient(UpstreamExchange)
        /// A pooled connection the backend had closed: send the request again on a fresh one.
        case retry(UpstreamExchange, () -> Void)
    }

    private(set) var state: State = .idle

    var exchange: UpstreamExchange? {
        switch state {
        case .awaitingHead(let exchange), .streaming(let exchange, _, _): return exchange
        case .idle, .closed: return nil
        }
    }

    /// Whether the response deadline runs (no response head yet).
    var awaitingHead: Bool {
        if case .awaitingHead = state { return true }
        return false
    }

    /// A connection that closed while it was handed out still takes the exchange: the write fails
    /// and the response deadline answers 504, as for a backend that never answers.
    mutating func begin(_ exchange: UpstreamExchange) {
        switch state {
        case .idle, .closed: state = .awaitingHead(exchange)
        case .awaitingHead, .streaming: preconditionFailure("an exchange begun on a connection that has one")
        }
    }

    mutating func responseHead(_ head: HTTPResponseHead) -> HeadAction {
        switch state {
        case .awaitingHead(let exchange):
            // A response that overtakes its request's body ends the client connection: the rest of
            // that body is never read.
            let closeClient = !exchange.request.clientKeepAlive || !exchange.request.receivedEnd
            var forwarded = head
            forwarded.headers.replaceOrAdd(name: "Server", value: ProxyServer.serverName)
            forwarded.headers.remove(name: "Connection")
            forwarded.headers.remove(name: "Keep-Alive")
            if closeClient { forwarded.headers.add(name: "Connection", value: "close") }
            forwarded.version = .http1_1
            state = .streaming(exchange, closeClient: closeClient, keepAlive: head.isKeepAlive)
            return .forward(forwarded, exchange)
        case .streaming:
            preconditionFailure("a second response head in one response: the HTTP decoder does not do that")
        case .idle, .closed:
            return .drop
        }
    }

    /// The exchange of a body part, nil to drop it.
    func responseBody() -> UpstreamExchange? {
        switch state {
        case .streaming(let exchange, _, _): return exchange
        case .awaitingHead: preconditionFailure("a response body before its head: the HTTP decoder does not do that")
        case .idle, .closed: return nil
        }
    }

    /// `requestWritten`: the whole request went out on this very connection (a response may come
    /// before the client sent all of it; then the connection cannot be reused).
    mutating func responseEnd(_ trailers: HTTPHeaders?, requestWritten: (UpstreamExchange) -> Bool) -> EndAction {
        switch state {
        case .streaming(let exchange, let closeClient, let keepAlive):
            let reuse = keepAlive && requestWritten(exchange)
            state = reuse ? .idle : .closed
            return .finish(exchange, trailers: trailers, closeClient: closeClient, reuse: reuse)
        case .awaitingHead: preconditionFailure("a response end before its head: the HTTP decoder does not do that")
        case .idle, .closed: return .drop
        }
    }

    /// The response deadline passed with no head.
    mutating func timedOut(after timeout: TimeAmount) -> FailureAction {
        guard case .awaitingHead(let exchange) = state else { return .none }
        state = .closed
        return .answer(exchange, .gatewayTimeout, "the backend did not answer within \(timeout.nanoseconds / 1_000_000_000) s")
    }

    /// The client side is done with the exchange (it answered or went away).
    mutating func abandoned() {
        state = .closed
    }

    mutating func connectionClosed() -> FailureAction {
        let previous = state
        state = .closed
        switch previous {
        case .awaitingHead(let exchange):
            if let retry = exchange.retry, exchange.request.canReplay { return .retry(exchange, retry) }
            return .answer(exchange, .badGateway, "the backend closed the connection before answering")
        case .streaming(let exchange, _, _):
            return .cutClient(exchange)
        case .idle, .closed:
            return .none
        }
    }
}
