import Hummingbird

/// One JSON line per decided admission: who asked for what, the decision, the rules and the time.
struct AdmissionLogMiddleware: RouterMiddleware {
    typealias Context = WebhookRequestContext
    let log: @Sendable (String) -> Void

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let response = try await next(request, context)
        let record = context.record.value
        guard let review = record.review, let outcome = record.outcome else { return response }
        let duration = ContinuousClock.now - context.started
        let milliseconds = Double(duration.components.attoseconds) / 1e15 + Double(duration.components.seconds) * 1000
        log(WebhookLog.event("admission", fields: [
            ("uid", .string(review.uid)), ("namespace", .string(review.namespace)), ("name", .string(review.name)),
            ("operation", .string(review.operation)), ("kind", .string(review.kind)), ("decision", .string(outcome)),
            ("rules", .strings(record.rules)), ("dryRun", .bool(review.dryRun)), ("duration_ms", .number((milliseconds * 1000).rounded() / 1000)),
        ]))
        return response
    }
}
