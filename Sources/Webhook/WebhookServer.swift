import Admission
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import KubeClient
import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle
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

    /// The HTTPS server's connections, outermost first: the per-client limit (before any TLS
    /// work), TLS, HTTP/1.1, and the deadlines of each request.
    func serverBuilder() throws -> HTTPServerBuilder {
        let tls = try tlsConfiguration()
        let limits = RequestDeadlineStateMachine.Limits(
            headerTimeout: configuration.headerTimeout, requestTimeout: configuration.requestTimeout, minimumBodyRate: configuration.minimumBodyRate)
        let clients = self.clients
        let metrics = self.metrics
        let log = self.log
        let idle = configuration.headerTimeout
        return HTTPServerBuilder { responder in
            let http = HTTP1Channel(
                responder: responder,
                configuration: .init(
                    additionalChannelHandlers: [
                        RequestDeadlineHandler(limits: limits) { reason in
                            metrics.connectionClosed(reason: "deadline")
                            log(WebhookLog.event("connection closed", fields: [("reason", .string(reason))], level: "warning"))
                        },
                    ],
                    idleTimeout: idle))
            return ClientLimitedChannel(base: try TLSChannel(http, tlsConfiguration: tls), counts: clients) { client in
                metrics.connectionClosed(reason: "client-limit")
                log(WebhookLog.event("connection refused: client at its connection limit", fields: [("client", .string(client))], level: "warning"))
            }
        }
    }

    /// Runs until SIGTERM/SIGINT; `listening` gets the bound ports (useful with port 0).
    public func run(listening: @escaping @Sendable (_ webhookPort: Int, _ metricsPort: Int) -> Void = { _, _ in }) async throws {
        var logger = Logger(label: "ingress-guard.webhook")
        logger.logLevel = .warning
        let ports = PortReport(listening)
        let webhook = Application(
            router: validationRouter(),
            server: try serverBuilder(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "ingress-guard"),
            onServerRunning: { channel in ports.webhook(channel.localAddress?.port ?? 0) },
            logger: logger)
        let health = Application(
            router: healthRouter(),
            configuration: .init(address: .hostname(configuration.metricsHost, port: configuration.metricsPort), serverName: "ingress-guard"),
            onServerRunning: { channel in ports.metrics(channel.localAddress?.port ?? 0) },
            logger: logger)
        // Shut down in reverse: the listeners first (requests in flight finish), then the rest.
        var services: [any Service] = [CertificateReloaderService(reloader: reloader), PolicyReloaderService(reloader: policies, metrics: metrics, log: log)]
        if let cache { services += [ClusterCacheService(cache: cache), AdmissionStateService(state: state, cache: cache)] }
        services += [webhook, health]
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// `/validate` and its middleware, one concern each, outermost first.
    func validationRouter() -> Router<WebhookRequestContext> {
        let router = Router(context: WebhookRequestContext.self)
        router.group()
            .add(middleware: AdmissionMetricsMiddleware(metrics: metrics))
            .add(middleware: AdmissionLogMiddleware(log: log))
            .add(middleware: ContentTypeMiddleware())
            .add(middleware: BodyLimitMiddleware(maxBytes: configuration.maxBodyBytes))
            .add(middleware: InFlightLimitMiddleware(gate: gate, requestTimeout: .nanoseconds(configuration.requestTimeout.nanoseconds)))
            .post("validate") { [self] _, context in try validate(context) }
        return router
    }

    /// The admission itself, once the middleware has read the body and given it a slot.
    func validate(_ context: WebhookRequestContext) throws -> Response {
        let body = context.body ?? ByteBuffer()
        let review: AdmissionRequest
        do {
            review = try AdmissionRequest.parse(Data(body.readableBytesView))
        } catch {
            throw WebhookError.badRequest("not an AdmissionReview: \(error)")
        }
        let current = state.current
        let decision = policies.checker.decide(review, index: current.synced ? current.index : nil)
        context.record.decided(outcome: decision.outcome.rawValue, rules: decision.rules, review: review)
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: decision.response.render(for: review))))
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
