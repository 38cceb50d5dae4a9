import NIOCore

public struct WebhookConfiguration: Sendable {
    public var host = "0.0.0.0"
    public var port = 8443
    public var certificatePath: String
    public var keyPath: String
    /// When set, the API server must present a client certificate issued by this CA.
    public var clientCAPath: String?
    public var minimumTLS13 = false
    public var maxBodyBytes = 8 * 1024 * 1024
    /// Admissions decided at once; more wait in turn until `requestTimeout` runs out (then 429).
    public var maxInFlight = 256
    /// A connection must have sent a whole request head within this time of being ready for one.
    public var headerTimeout: TimeAmount = .seconds(10)
    /// From a request's head to its answer: the body read, the wait for a slot and the decision.
    /// Under the ValidatingWebhookConfiguration's `timeoutSeconds` (5 in webhook-manifests), so
    /// the API server hears an answer rather than a timeout.
    public var requestTimeout: TimeAmount = .seconds(4)
    /// A body arriving slower than this (bytes per second, over each second) is a client holding
    /// a connection open, not one sending an AdmissionReview: the connection is closed.
    public var minimumBodyRate = 4096
    /// Connections one client address may hold open; the API server's own bursts stay well under it.
    public var maxConnectionsPerClient = 512
    public var metricsHost = "0.0.0.0"
    public var metricsPort = 8080

    public init(certificatePath: String, keyPath: String) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
    }
}
