import Admission
import NIOCore
import NIOHTTP1

/// A request the webhook refuses before deciding it, carrying its HTTP status and the
/// Kubernetes Status body the API server shows: every refusal is one of these, so none becomes
/// an anonymous 500.
struct WebhookError: Error {
    var status: HTTPResponseStatus
    /// The Status `reason` (TooManyRequests, UnsupportedMediaType, ...).
    var reason: String
    var message: String
    var headers: [(String, String)] = []

    static func tooManyRequests(_ message: String) -> WebhookError {
        WebhookError(status: .tooManyRequests, reason: "TooManyRequests", message: message, headers: [("Retry-After", "1")])
    }

    static func unsupportedMediaType(_ message: String) -> WebhookError {
        WebhookError(status: .unsupportedMediaType, reason: "UnsupportedMediaType", message: message)
    }

    static func contentTooLarge(_ message: String) -> WebhookError {
        WebhookError(status: .payloadTooLarge, reason: "RequestEntityTooLarge", message: message)
    }

    static func badRequest(_ message: String) -> WebhookError {
        WebhookError(status: .badRequest, reason: "BadRequest", message: message)
    }

    static func serviceUnavailable(_ message: String) -> WebhookError {
        WebhookError(status: .serviceUnavailable, reason: "ServiceUnavailable", message: message, headers: [("Retry-After", "1")])
    }

    static func notFound(_ path: String) -> WebhookError {
        WebhookError(status: .notFound, reason: "NotFound", message: "no such path: \(path)")
    }

    static func methodNotAllowed(_ allowed: String) -> WebhookError {
        WebhookError(status: .methodNotAllowed, reason: "MethodNotAllowed", message: "only \(allowed) is served here", headers: [("Allow", allowed)])
    }

    var response: HTTPAnswer {
        let text = JSONText.object([
            ("kind", JSONText.string("Status")), ("apiVersion", JSONText.string("v1")), ("metadata", "{}"), ("status", JSONText.string("Failure")),
            ("message", JSONText.string(message)), ("reason", JSONText.string(reason)), ("code", String(status.code)),
        ])
        return HTTPAnswer(status: status, contentType: "application/json", body: Array(text.utf8), headers: headers)
    }
}
