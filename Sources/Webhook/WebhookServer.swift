import Admission
import Foundation
import Hummingbird
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle
import NIOConcurrencyHelpers

public struct WebhookConfiguration: Sendable {
    public var host = "0.0.0.0"
    public var port = 8443
    public var certificatePath: String
    public var keyPath: String
    /// When set, the API server must present a client certificate issued by this CA.
    public var clientCAPath: String?
    public var minimumTLS13 = false
    public var maxBodyBytes = 8 * 1024 * 1024
    /// Admissions answered at once; more get 429.
    public var maxInFlight = 64
    /// A connection must send a request within this time.
    public var headerTimeout: TimeAmount = .seconds(10)
    public var metricsHost = "0.0.0.0"
    public var metricsPort = 8080
    /// While the state is not synced: allow (with a warning) or deny.
    public var unsyncedAllows = true

    public init(certificatePath: String, keyPath: String) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
    }
}

/// The admission webhook: `POST /validate` over HTTPS, `/healthz`, `/readyz` and `/metrics` over
/// plain HTTP on a port of their own, both stopped gracefully on SIGTERM/SIGINT (no new
/// connections; requests in flight finish).
public final class WebhookServer: Sendable {
    let configuration: WebhookConfiguration
    let state: AdmissionState
    let checker: AdmissionChecker
    let metrics = WebhookMetrics()
    let reloader: CertificateReloader
    let inFlight = NIOLockedValueBox(0)
    /// One JSON line per admission and per notable event.
    let log: @Sendable (String) -> Void

    public init(configuration: WebhookConfiguration, state: AdmissionState, checker: AdmissionChecker, log: @escaping @Sendable (String) -> Void) throws {
        self.configuration = configuration
        self.state = state
        self.checker = checker
        self.log = log
        reloader = try CertificateReloader(certificatePath: configuration.certificatePath, keyPath: configuration.keyPath) { result in
            switch result {
            case .success: log(Self.event("certificate reloaded", fields: [("file", .string(configuration.certificatePath))]))
            case .failure(let error): log(Self.event("certificate reload failed; serving the previous one", fields: [("error", .string("\(error)"))], level: "error"))
            }
        }
    }

    /// Made once: a formatter per log line was a tenth of an admission's time.
    static let timeFormat = Date.ISO8601FormatStyle()

    /// One JSON log line: time, level and message first, then the fields in the order given.
    static func event(_ message: String, fields: [(String, LogValue)] = [], level: String = "info") -> String {
        var members: [(String, String)] = [
            ("time", JSONText.string(Date().formatted(timeFormat))), ("level", JSONText.string(level)), ("msg", JSONText.string(message)),
        ]
        for (key, value) in fields { members.append((key, value.json)) }
        return JSONText.object(members)
    }

    enum LogValue {
        case string(String)
        case strings([String])
        case bool(Bool)
        case number(Double)

        var json: String {
            switch self {
            case .string(let text): return JSONText.string(text)
            case .strings(let list): return JSONText.array(list)
            case .bool(let value): return value ? "true" : "false"
            case .number(let value): return String(value)
            }
        }
    }

    func tlsConfiguration() throws -> TLSConfiguration {
        let pair = reloader.pair
        var tls = TLSConfiguration.makeServerConfiguration(certificateChain: pair.chain.map { .certificate($0) }, privateKey: .privateKey(pair.key))
        tls.minimumTLSVersion = configuration.minimumTLS13 ? .tlsv13 : .tlsv12
        let reloader = self.reloader
        tls.sslContextCallback = { _, promise in
            let current = reloader.pair
            var override = NIOSSLContextConfigurationOverride()
            override.certificateChain = current.chain.map { .certificate($0) }
            override.privateKey = .privateKey(current.key)
            promise.succeed(override)
        }
        if let clientCA = configuration.clientCAPath {
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(clientCA))
            tls.certificateVerification = .noHostnameVerification
        }
        return tls
    }

    /// Runs until SIGTERM/SIGINT; `listening` gets the bound ports (useful with port 0).
    public func run(listening: @escaping @Sendable (_ webhookPort: Int, _ metricsPort: Int) -> Void = { _, _ in }) async throws {
        var logger = Logger(label: "ingress-guard.webhook")
        logger.logLevel = .warning
        let ports = PortReport(listening)
        let webhook = Application(
            router: validationRouter(),
            server: try .tls(.http1(configuration: .init(idleTimeout: configuration.headerTimeout)), tlsConfiguration: tlsConfiguration()),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "ingress-guard"),
            onServerRunning: { channel in ports.webhook(channel.localAddress?.port ?? 0) },
            logger: logger)
        let health = Application(
            router: healthRouter(),
            configuration: .init(address: .hostname(configuration.metricsHost, port: configuration.metricsPort), serverName: "ingress-guard"),
            onServerRunning: { channel in ports.metrics(channel.localAddress?.port ?? 0) },
            logger: logger)
        reloader.start()
        defer { reloader.stop() }
        let group = ServiceGroup(configuration: .init(services: [webhook, health], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    // MARK: routes

    static func status(_ code: Int, reason: String, message: String) -> Response {
        let data = Data(JSONText.object([
            ("kind", JSONText.string("Status")), ("apiVersion", JSONText.string("v1")), ("metadata", "{}"), ("status", JSONText.string("Failure")),
            ("message", JSONText.string(message)), ("reason", JSONText.string(reason)), ("code", String(code)),
        ]).utf8)
        return Response(
            status: HTTPResponse.Status(code: code), headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    func validationRouter() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.post("validate") { [self] request, _ in
            try await validate(request)
        }
        return router
    }

    func validate(_ incoming: Request) async throws -> Response {
        let started = ContinuousClock.now
        let limit = configuration.maxInFlight
        guard inFlight.withLockedValue({ count in
            guard count < limit else { return false }
            count += 1
            return true
        }) else {
            metrics.admission(outcome: "rejected", rules: [], duration: ContinuousClock.now - started)
            return Self.status(429, reason: "TooManyRequests", message: "more than \(configuration.maxInFlight) admissions in flight")
        }
        defer { inFlight.withLockedValue { $0 -= 1 } }
        let contentType = incoming.headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/json") else {
            metrics.admission(outcome: "rejected", rules: [], duration: ContinuousClock.now - started)
            return Self.status(415, reason: "UnsupportedMediaType", message: "an AdmissionReview is sent as application/json, got \"\(contentType)\"")
        }
        var request = incoming
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: configuration.maxBodyBytes)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            metrics.admission(outcome: "rejected", rules: [], duration: ContinuousClock.now - started)
            return Self.status(413, reason: "RequestEntityTooLarge", message: "the body is over \(configuration.maxBodyBytes) bytes")
        }
        let review: AdmissionRequest
        do {
            review = try AdmissionRequest.parse(Data(body.readableBytesView))
        } catch {
            metrics.admission(outcome: "rejected", rules: [], duration: ContinuousClock.now - started)
            return Self.status(400, reason: "BadRequest", message: "not an AdmissionReview: \(error)")
        }
        let current = state.current
        let response: AdmissionResponse
        let outcome: String
        var rules: [String] = []
        if !current.synced {
            outcome = "unsynced"
            response = configuration.unsyncedAllows
                ? AdmissionResponse(allowed: true, warnings: ["ingress-guard has not read the cluster yet: this Ingress was not checked"])
                : AdmissionResponse(allowed: false, message: "ingress-guard has not read the cluster yet (--unsynced-policy deny); retry in a moment")
        } else {
            let decision = checker.decide(review, index: current.index)
            response = decision.response
            rules = decision.rules
            outcome = !decision.checked ? "skipped" : (decision.response.allowed ? "allowed" : "denied")
        }
        let duration = ContinuousClock.now - started
        metrics.admission(outcome: outcome, rules: rules, duration: duration)
        let milliseconds = Double(duration.components.attoseconds) / 1e15 + Double(duration.components.seconds) * 1000
        log(Self.event("admission", fields: [
            ("uid", .string(review.uid)), ("namespace", .string(review.namespace)), ("name", .string(review.name)),
            ("operation", .string(review.operation)), ("kind", .string(review.kind)), ("decision", .string(outcome)),
            ("rules", .strings(rules)), ("dryRun", .bool(review.dryRun)), ("duration_ms", .number((milliseconds * 1000).rounded() / 1000)),
        ]))
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: response.render(for: review))))
    }

    func healthRouter() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        let state = self.state
        let metrics = self.metrics
        router.get("healthz") { _, _ -> Response in
            let current = state.current
            let text = current.staleReason.map { "ok (serving the last state: \($0))\n" } ?? "ok\n"
            return Response(status: .ok, headers: [.contentType: "text/plain"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
        router.get("readyz") { _, _ -> Response in
            let current = state.current
            guard current.synced else {
                return Response(status: .serviceUnavailable, headers: [.contentType: "text/plain"], body: ResponseBody(byteBuffer: ByteBuffer(string: "cluster state not synced\n")))
            }
            return Response(status: .ok, headers: [.contentType: "text/plain"], body: ResponseBody(byteBuffer: ByteBuffer(string: "ok\n")))
        }
        router.get("metrics") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.render(state.current))))
        }
        return router
    }
}

/// Both ports, reported once both listeners are up.
final class PortReport: Sendable {
    private let ports = NIOLockedValueBox<(webhook: Int?, metrics: Int?)>((nil, nil))
    private let report: @Sendable (Int, Int) -> Void

    init(_ report: @escaping @Sendable (Int, Int) -> Void) {
        self.report = report
    }

    func webhook(_ port: Int) { update { $0.webhook = port } }
    func metrics(_ port: Int) { update { $0.metrics = port } }

    private func update(_ change: (inout (webhook: Int?, metrics: Int?)) -> Void) {
        let both = ports.withLockedValue { value -> (Int, Int)? in
            change(&value)
            guard let webhook = value.webhook, let metrics = value.metrics else { return nil }
            return (webhook, metrics)
        }
        if let both { report(both.0, both.1) }
    }
}
