import Admission
import NIOCore
import NIOHTTP1
import NIOPosix

/// What a connection of the HTTPS server needs of the webhook: a request's limits, the gate of
/// admissions in flight, the decision itself, and where each answer is counted and logged.
struct AdmissionEndpoint: Sendable {
    struct Result: Sendable {
        var answer: HTTPAnswer
        /// Set when the admission was decided, not refused.
        var decided: Decided?

        struct Decided: Sendable {
            /// allowed, denied, skipped, unsynced.
            var outcome: String
            var rules: [String]
            var review: AdmissionRequest
        }
    }

    let maxBodyBytes: Int
    /// From a request's head to its answer; past it, an admission still waiting for a slot is refused.
    let requestTimeout: Duration
    let gate: AdmissionGate
    let metrics: WebhookMetrics
    let log: @Sendable (String) -> Void
    let decide: @Sendable (ByteBuffer) -> Result
}

/// `POST /validate` on one connection, after TLS and HTTP/1.1 decoding. The checks run in the
/// order that costs a client least to fail: path, method and content type on the head, the size
/// as the body comes, a slot once the body is whole. A refusal before the body is read answers
/// and closes the connection, so no unread body is left to drain.
final class AdmissionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private enum State {
        case awaitingHead
        case reading(head: HTTPRequestHead, started: ContinuousClock.Instant, body: ByteBuffer)
        /// Answered early; the rest of the request is dropped and the connection closes.
        case refused
        case answering
    }

    private var state = State.awaitingHead
    private let endpoint: AdmissionEndpoint

    init(endpoint: AdmissionEndpoint) {
        self.endpoint = endpoint
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        switch (part, state) {
        case (.head(let head), .awaitingHead):
            started(head, context: context)
        case (.body(var chunk), .reading(let head, let started, var body)):
            guard body.readableBytes + chunk.readableBytes <= endpoint.maxBodyBytes else {
                refuse(.contentTooLarge("the body is over \(endpoint.maxBodyBytes) bytes"), head: head, started: started, counted: true, context: context)
                return
            }
            state = .answering  // lets `body` be appended in place
            body.writeBuffer(&chunk)
            state = .reading(head: head, started: started, body: body)
        case (.end, .reading(let head, let started, let body)):
            state = .answering
            admit(head: head, started: started, body: body, context: context)
        case (_, .refused):
            break
        default:
            // The pipelining handler passes one request at a time; anything else ends the connection.
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }

    private func started(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        let started = ContinuousClock.now
        let path = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? head.uri
        guard path == "/validate" else {
            refuse(.notFound(path), head: head, started: started, counted: false, context: context)
            return
        }
        guard head.method == .POST else {
            refuse(.methodNotAllowed("POST"), head: head, started: started, counted: false, context: context)
            return
        }
        let contentType = head.headers.first(name: "content-type")?.lowercased() ?? ""
        guard contentType.hasPrefix("application/json") else {
            refuse(
                .unsupportedMediaType("an AdmissionReview is sent as application/json, got \"\(contentType)\""), head: head, started: started, counted: true,
                context: context)
            return
        }
        let declared = head.headers.first(name: "content-length").flatMap { Int($0) }
        if let declared, declared > endpoint.maxBodyBytes {
            refuse(.contentTooLarge("the body is over \(endpoint.maxBodyBytes) bytes"), head: head, started: started, counted: true, context: context)
            return
        }
        state = .reading(head: head, started: started, body: context.channel.allocator.buffer(capacity: min(declared ?? 4096, endpoint.maxBodyBytes)))
    }

    /// A slot at once in the common case; otherwise the admission waits its turn until the
    /// request's deadline (the API server turns every refusal into a failed call).
    private func admit(head: HTTPRequestHead, started: ContinuousClock.Instant, body: ByteBuffer, context: ChannelHandlerContext) {
        if endpoint.gate.tryEnter() {
            answer(head: head, started: started, body: body, context: context)
            return
        }
        let gate = endpoint.gate
        let deadline = started + endpoint.requestTimeout
        let entered = context.eventLoop.makePromise(of: Bool.self)
        entered.completeWithTask { await gate.enter(before: deadline) }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let timeout = endpoint.requestTimeout
        entered.futureResult.whenSuccess { entered in
            let (handler, context) = bound.value
            if entered {
                handler.answer(head: head, started: started, body: body, context: context)
            } else {
                handler.reply(
                    WebhookError.tooManyRequests("more than \(gate.limit) admissions in flight for \(timeout)").response, head: head, started: started,
                    decided: nil, keepAlive: head.isKeepAlive, context: context)
            }
        }
    }

    /// Holds a slot: decides, answers, leaves. The decision runs on the thread pool, not on the
    /// event loop: an Ingress that costs seconds to judge (20,000 regex paths on one host) held
    /// every connection of its loop, the health checks' included, for as long.
    private func answer(head: HTTPRequestHead, started: ContinuousClock.Instant, body: ByteBuffer, context: ChannelHandlerContext) {
        let gate = endpoint.gate
        guard context.channel.isActive else {
            gate.leave()
            state = .awaitingHead
            return
        }
        let decide = endpoint.decide
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let pool = body.readableBytes > AdmissionLanes.largeBody ? AdmissionLanes.large : NIOThreadPool.singleton
        pool.runIfActive(eventLoop: context.eventLoop) { decide(body) }.whenComplete { outcome in
            gate.leave()
            let (handler, context) = bound.value
            switch outcome {
            case .success(let result):
                handler.reply(result.answer, head: head, started: started, decided: result.decided, keepAlive: head.isKeepAlive, context: context)
            case .failure:
                handler.reply(
                    WebhookError.serviceUnavailable("the webhook is shutting down").response, head: head, started: started, decided: nil,
                    keepAlive: false, context: context)
            }
        }
    }

    private func refuse(_ error: WebhookError, head: HTTPRequestHead, started: ContinuousClock.Instant, counted: Bool, context: ChannelHandlerContext) {
        state = .refused
        if counted {
            reply(error.response, head: head, started: started, decided: nil, keepAlive: false, context: context)
        } else {
            error.response.write(to: context, version: head.version, keepAlive: false, wrap: wrapOutboundOut)
        }
    }

    /// Writes the answer, then counts it (a refusal counts as `rejected`) and logs a decided one.
    private func reply(
        _ answer: HTTPAnswer, head: HTTPRequestHead, started: ContinuousClock.Instant, decided: AdmissionEndpoint.Result.Decided?, keepAlive: Bool,
        context: ChannelHandlerContext
    ) {
        if case .answering = state { state = .awaitingHead }
        answer.write(to: context, version: head.version, keepAlive: keepAlive, wrap: wrapOutboundOut)
        let duration = ContinuousClock.now - started
        endpoint.metrics.admission(outcome: decided?.outcome ?? "rejected", rules: decided?.rules ?? [], duration: duration)
        guard let decided else { return }
        let review = decided.review
        let milliseconds = Double(duration.components.attoseconds) / 1e15 + Double(duration.components.seconds) * 1000
        endpoint.log(
            WebhookLog.event(
                "admission",
                fields: [
                    ("uid", .string(review.uid)), ("namespace", .string(review.namespace)), ("name", .string(review.name)),
                    ("operation", .string(review.operation)), ("kind", .string(review.kind)), ("decision", .string(decided.outcome)),
                    ("rules", .strings(decided.rules)), ("dryRun", .bool(review.dryRun)), ("duration_ms", .number((milliseconds * 1000).rounded() / 1000)),
                ]))
    }
}

/// Where admissions are decided. A review's cost grows with its size (20,000 regex paths, 2.7 MB,
/// take seconds), so the large ones queue on a lane of their own, one at a time: however many a
/// client sends, the usual few-kilobyte reviews keep the shared pool's threads.
enum AdmissionLanes {
    /// Real Ingress reviews are a few kilobytes; one with hundreds of paths about 100 KB.
    static let largeBody = 256 * 1024
    static let large: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        return pool
    }()
}
