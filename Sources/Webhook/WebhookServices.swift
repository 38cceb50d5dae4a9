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
