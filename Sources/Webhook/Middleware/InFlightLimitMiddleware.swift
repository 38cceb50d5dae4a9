import Hummingbird

/// Admissions decided at once. Entered only once the body is read, so a client that sends slowly
/// holds no slot; beyond the limit an admission waits its turn until the request's deadline, and
/// only then is refused (429), since the API server turns every refusal into a failed call.
struct InFlightLimitMiddleware: RouterMiddleware {
    typealias Context = WebhookRequestContext
    let gate: AdmissionGate
    let requestTimeout: Duration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard await gate.enter(before: context.started + requestTimeout) else {
            throw WebhookError.tooManyRequests("more than \(gate.limit) admissions in flight for \(requestTimeout)")
        }
        defer { gate.leave() }
        return try await next(request, context)
    }
}
