import Hummingbird

/// An AdmissionReview comes as JSON; anything else is 415 before its body is read.
struct ContentTypeMiddleware: RouterMiddleware {
    typealias Context = WebhookRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/json") else {
            throw WebhookError.unsupportedMediaType("an AdmissionReview is sent as application/json, got \"\(contentType)\"")
        }
        return try await next(request, context)
    }
}
