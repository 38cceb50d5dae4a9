import Serving

/// One long-running part of the webhook: runs until `stop` fires, then winds down and returns.
protocol WebhookService: Sendable {
    func run(until stop: OneShotEvent<Void>) async throws
}

/// Runs the webhook's services together until SIGINT/SIGTERM, or until one of them ends on its
/// own (a listener that cannot bind). Then it stops them in reverse order, each once the one after
/// it has returned: the listeners, last in the list, stop accepting and let the requests in flight
/// finish before the state those requests read goes away. The first failure is rethrown after.
struct ServiceRunner {
    let services: [any WebhookService]

    func run(signals: StopSignals) async throws {
        let stops = services.map { _ in OneShotEvent<Void>() }
        let ended = services.map { _ in OneShotEvent<Void>() }
        let stopping = OneShotEvent<Void>()
        let failure = OneShotEvent<any Error>()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (position, service) in services.enumerated() {
                group.addTask {
                    do {
                        try await service.run(until: stops[position])
                    } catch {
                        failure.fire(error)
                    }
                    ended[position].fire(())
                    stopping.fire(())
                }
            }
            group.addTask {
                if await signals.wait() != nil { stopping.fire(()) }
            }
            _ = await stopping.wait()
            for position in services.indices.reversed() {
                stops[position].fire(())
                _ = await ended[position].wait()
            }
            group.cancelAll()
            try await group.waitForAll()
        }
        if failure.hasFired, let error = await failure.wait() { throw error }
    }
}
