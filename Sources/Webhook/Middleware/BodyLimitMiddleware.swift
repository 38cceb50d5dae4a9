import Hummingbird

/// Reads the whole body, up to `maxBytes` (413 beyond), into the context. How fast it must come
/// is the connection's business (`RequestDeadlineHandler`); here only how much.
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = WebhookRequestContext
    let maxBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request
        var context = context
        do {
            context.body = try await request.collectBody(upTo: maxBytes)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw WebhookError.contentTooLarge("the body is over \(maxBytes) bytes")
        }
        return try await next(request, context)
    }
}
