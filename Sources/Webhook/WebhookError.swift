import Admission
import Hummingbird
import NIOCore

/// A request the webhook refuses before deciding it, carrying its HTTP status and the
/// Kubernetes Status body the API server shows: every refusal of the middleware and the handler
/// is one of these, so none becomes an anonymous 500.
struct WebhookError: HTTPResponseError {
    var status: HTTPResponse.Status
    /// The Status `reason` (TooManyRequests, UnsupportedMediaType, ...).
    var reason: String
    var message: String
    var headers: HTTPFields = [:]

    static func tooManyRequests(_ message: String) -> WebhookError {
        WebhookError(status: .tooManyRequests, reason: "TooManyRequests", message: message, headers: [.retryAfter: "1"])
    }

    static func unsupportedMediaType(_ message: String) -> WebhookError {
        WebhookError(status: .unsupportedMediaType, reason: "UnsupportedMediaType", message: message)
    }

    static func contentTooLarge(_ message: String) -> WebhookError {
        WebhookError(status: .contentTooLarge, reason: "RequestEntityTooLarge", message: message)
    }

    static func badRequest(_ message: String) -> WebhookError {
        WebhookError(status: .badRequest, reason: "BadRequest", message: message)
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Self.statusResponse(status, reason: reason, message: message, headers: headers)
    }

    static func statusResponse(_ status: HTTPResponse.Status, reason: String, message: String, headers: HTTPFields = [:]) -> Response {
        let text = JSONText.object([
            ("kind", JSONText.string("Status")), ("apiVersion", JSONText.string("v1")), ("metadata", "{}"), ("status", JSONText.string("Failure")),
            ("message", JSONText.string(message)), ("reason", JSONText.string(reason)), ("code", String(status.code)),
        ])
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
