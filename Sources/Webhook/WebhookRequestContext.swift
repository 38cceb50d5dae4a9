import Admission
import Hummingbird
import NIOConcurrencyHelpers
import NIOCore

/// The context of one request to the webhook: the collected body on its way in, and what the
/// admission came to on its way out (read by the metrics and log middleware after the handler).
struct WebhookRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The whole body, once `BodyLimitMiddleware` has read it.
    var body: ByteBuffer?
    /// When the request's head arrived: the admission's deadline counts from here.
    let started: ContinuousClock.Instant
    let record: AdmissionRecord

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        started = .now
        record = AdmissionRecord()
    }
}

/// What one admission came to. A reference so that middleware outside the handler sees what the
/// handler set (contexts travel inward by value).
final class AdmissionRecord: Sendable {
    struct Value: Sendable {
        /// allowed, denied, skipped, unsynced; nil until the handler decides, "rejected" for a refusal.
        var outcome: String?
        var rules: [String] = []
        var review: AdmissionRequest?
    }

    private let box = NIOLockedValueBox(Value())

    var value: Value { box.withLockedValue { $0 } }

    func decided(outcome: String, rules: [String], review: AdmissionRequest) {
        box.withLockedValue { $0 = Value(outcome: outcome, rules: rules, review: review) }
    }
}
