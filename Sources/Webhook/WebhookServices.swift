import KubeClient
import ServiceLifecycle
import Serving

/// The cluster cache as a service of the webhook's group: watching from start to shutdown.
struct ClusterCacheService: Service {
    let cache: ClusterCache

    func run() async throws {
        await cache.start()
        try? await gracefulShutdown()
        await cache.stop()
    }
}

/// The admission state following the cache until shutdown.
struct AdmissionStateService: Service {
    let state: AdmissionState
    let cache: ClusterCache

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await state.follow(cache)
        }
    }
}

/// The serving certificate watched for rotation until shutdown.
struct CertificateReloaderService: Service {
    let reloader: CertificateReloader

    func run() async throws {
        reloader.start()
        try? await gracefulShutdown()
        reloader.stop()
    }
}

/// The policy file watched until shutdown: each change is applied or, when invalid, logged,
/// counted and the previous policy kept.
struct PolicyReloaderService: Service {
    let reloader: PolicyReloader
    let metrics: WebhookMetrics
    let log: @Sendable (String) -> Void

    func run() async throws {
        let path = reloader.path ?? ""
        let metrics = metrics
        let log = log
        reloader.start { outcome in
            switch outcome {
            case .applied:
                metrics.policyReloaded(valid: true)
                log(WebhookLog.event("policy reloaded", fields: [("file", .string(path))]))
            case .rejected(let cause):
                metrics.policyReloaded(valid: false)
                log(WebhookLog.event("policy reload failed; keeping the previous policy", fields: [("file", .string(path)), ("error", .string(cause))], level: "error"))
            }
        }
        try? await gracefulShutdown()
        reloader.stop()
    }
}
