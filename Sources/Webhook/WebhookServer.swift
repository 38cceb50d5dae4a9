import Admission
import Foundation
import KubeClient
import NIOCore
import NIOHTTP1
import NIOSSL
import Serving

/// The admission webhook: `POST /validate` over HTTPS, `/healthz`, `/readyz` and `/metrics` over
/// plain HTTP on a port of their own, both stopped gracefully on SIGTERM/SIGINT (no new
/// connections; requests in flight finish).
public final class WebhookServer: Sendable {
    let configuration: WebhookConfiguration
    let state: AdmissionState
    /// The live cluster the state follows; nil for a fixed state.
    let cache: ClusterCache?
    /// The checker of the current policy (re-read when `--policy` changes).
    let policies: PolicyReloader
    let metrics = WebhookMetrics()
    let reloader: CertificateReloader
    let gate: AdmissionGate
    let clients: ClientConnectionCounts
    /// One JSON line per admission and per notable event.
    let log: @Sendable (String) -> Void

    public init(
        configuration: WebhookConfiguration, state: AdmissionState, cache: ClusterCache? = nil, policies: PolicyReloader,
        log: @escaping @Sendable (String) -> Void
    ) throws {
        self.configuration = configuration
        self.state = state
        self.cache = cache
        self.policies = policies
        self.log = log
        gate = AdmissionGate(limit: configuration.maxInFlight)
        clients = ClientConnectionCounts(limit: configuration.maxConnectionsPerClient)
        reloader = try CertificateReloader(certificatePath: configuration.certificatePath, keyPath: configuration.keyPath) { result in
            switch result {
            case .success: log(WebhookLog.event("certificate reloaded", fields: [("file", .string(configuration.certificatePath))]))
            case .failure(let error): log(WebhookLog.event("certificate reload failed; serving the previous one", fields: [("error", .string("\(error)"))], level: "error"))
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

    /// A connection of the HTTPS server, outermost first: the per-client limit (before any TLS
    /// work), TLS, HTTP/1.1 one request at a time, the deadlines of each request, the admission.
    func connectionSetup() throws -> @Sendable (any Channel) throws -> Void {
        let tls = try NIOSSLContext(configuration: tlsConfiguration())
        let limits = RequestDeadlineStateMachine.Limits(
            headerTimeout: configuration.headerTimeout, requestTimeout: configuration.requestTimeout, minimumBodyRate: configuration.minimumBodyRate)
        let clients = self.clients
        let metrics = self.metrics
        let log = self.log
        let endpoint = AdmissionEndpoint(
            maxBodyBytes: configuration.maxBodyBytes, requestTimeout: .nanoseconds(configuration.requestTimeout.nanoseconds), gate: gate,
            metrics: metrics, log: log, decide: { [self] body in validate(body) })
        return { channel in
            let pipeline = channel.pipeline.syncOperations
            try pipeline.addHandler(
                ClientConnectionLimitHandler(counts: clients) { client in
                    metrics.connectionClosed(reason: "client-limit")
                    log(WebhookLog.event("connection refused: client at its connection limit", fields: [("client", .string(client))], level: "warning"))
                })
            try pipeline.addHandler(NIOSSLServerHandler(context: tls))
            try pipeline.configureHTTPServerPipeline(withPipeliningAssistance: true, withErrorHandling: true)
            try pipeline.addHandler(
                RequestDeadlineHandler(limits: limits) { reason in
                    metrics.connectionClosed(reason: "deadline")
                    log(WebhookLog.event("connection closed", fields: [("reason", .string(reason))], level: "warning"))
                })
            try pipeline.addHandler(AdmissionHandler(endpoint: endpoint))
        }
    }

    /// Runs until SIGTERM/SIGINT; `listening` gets the bound ports (useful with port 0).
    public func run(listening: @escaping @Sendable (_ webhookPort: Int, _ metricsPort: Int) -> Void = { _, _ in }) async throws {
        let ports = PortReport(listening)
        let webhook = HTTPListener(flag: "--listen", host: configuration.host, port: configuration.port, connection: try connectionSetup(), bound: ports.webhook)
        let route = healthRoute()
        let health = HTTPListener(flag: "--metrics-listen", host: configuration.metricsHost, port: configuration.metricsPort, connection: { channel in
            try channel.pipeline.syncOperations.configureHTTPServerPipeline(withPipeliningAssistance: true, withErrorHandling: true)
            try channel.pipeline.syncOperations.addHandler(HealthHandler(route: route))
        }, bound: ports.metrics)
        // Shut down in reverse: the listeners first (requests in flight finish), then the rest.
        var services: [any WebhookService] = [CertificateReloaderService(reloader: reloader), PolicyReloaderService(reloader: policies, metrics: metrics, log: log)]
        if let cache { services += [ClusterCacheService(cache: cache), AdmissionStateService(state: state, cache: cache)] }
        services += [webhook, health]
        try await ServiceRunner(services: services).run(signals: StopSignals())
    }

    /// The admission itself, once the connection has read the body and given it a slot.
    func validate(_ body: ByteBuffer) -> AdmissionEndpoint.Result {
        let review: AdmissionRequest
        do {
            review = try AdmissionRequest.parse(Data(body.readableBytesView))
        } catch {
            return AdmissionEndpoint.Result(answer: WebhookError.badRequest("not an AdmissionReview: \(error)").response)
        }
        let current = state.current
        let decision = policies.checker.decide(review, index: current.synced ? current.index : nil)
        return AdmissionEndpoint.Result(
            answer: HTTPAnswer(status: .ok, contentType: "application/json", body: [UInt8](decision.response.render(for: review))),
            decided: .init(outcome: decision.outcome.rawValue, rules: decision.rules, review: review))
    }

    /// The health port's answers by path; nil for a path it does not serve.
    func healthRoute() -> @Sendable (String) -> HTTPAnswer? {
        let state = self.state
        let metrics = self.metrics
        return { path in
            switch path {
            case "/healthz":
                let text = state.current.staleReason.map { "ok (serving the last state: \($0))\n" } ?? "ok\n"
                return HTTPAnswer(status: .ok, contentType: "text/plain", body: Array(text.utf8))
            case "/readyz":
                guard state.current.synced else {
                    return HTTPAnswer(status: .serviceUnavailable, contentType: "text/plain", body: Array("cluster state not synced\n".utf8))
                }
                return HTTPAnswer(status: .ok, contentType: "text/plain", body: Array("ok\n".utf8))
            case "/metrics":
                return HTTPAnswer(status: .ok, contentType: "text/plain; version=0.0.4", body: Array(metrics.render(state.current).utf8))
            default:
                return nil
            }
        }
    }
}
