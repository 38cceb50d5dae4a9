import KubeClient
import Serving

/// The cluster cache as a service of the webhook's group: watching from start to shutdown.
struct ClusterCacheService: WebhookService {
    let cache: ClusterCache

    func run(until stop: OneShotEvent<Void>) async throws {
        await cache.start()
        _ = await stop.wait()
        await cache.stop()
    }
}

/// The admission state following the cache until shutdown.
struct AdmissionStateService: WebhookService {
    let state: AdmissionState
    let cache: ClusterCache

    func run(until stop: OneShotEvent<Void>) async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await state.follow(cache) }
            _ = await stop.wait()
            group.cancelAll()
        }
    }
}

/// The serving certificate watched for rotation until shutdown.
struct CertificateReloaderService: WebhookService {
    let reloader: CertificateReloader

    func run(until stop: OneShotEvent<Void>) async throws {
        reloader.start()
        _ = await stop.wait()
        reloader.stop()
    }
}

/// The policy file watched until shutdown: each change is applied or, when invalid, logged,
/// counted and the previous policy kept.
struct PolicyReloaderService: WebhookService {
    let reloader: PolicyReloader
    let metrics: WebhookMetrics
    let log: @Sendable (String) -> Void

    func run(until stop: OneShotEvent<Void>) async throws {
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
        _ = await stop.wait()
        reloader.stop()
    }
}
