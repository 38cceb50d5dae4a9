import Hummingbird

/// Counts every answer of `/validate` by outcome, with its latency and the rules it reported; a
/// refusal (any `WebhookError`) counts as `rejected`.
struct AdmissionMetricsMiddleware: RouterMiddleware {
    typealias Context = WebhookRequestContext
    let metrics: WebhookMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            let response = try await next(request, context)
            let record = context.record.value
            metrics.admission(outcome: record.outcome ?? "rejected", rules: record.rules, duration: ContinuousClock.now - context.started)
            return response
        } catch {
            metrics.admission(outcome: "rejected", rules: [], duration: ContinuousClock.now - context.started)
            throw error
        }
    }
}
