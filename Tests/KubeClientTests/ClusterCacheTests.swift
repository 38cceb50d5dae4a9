import APIServerDouble
import Foundation
import Testing
@testable import KubeClient

/// List-then-watch against the double: events, bookmarks, and a re-list after 410 Gone.
@Suite(.serialized) struct ClusterCacheTests {
    static func ingress(_ name: String, host: String = "a.example.com") -> [String: Any] {
        [
            "apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": ["name": name, "namespace": "shop"],
            "spec": ["rules": [["host": host]]],
        ]
    }

    /// Polls until the condition holds; the bound only says when to give up (CI runs the suites
    /// side by side with a release build, so it is generous: a passing test never waits for it).
    static func eventually(_ condition: () async -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return await condition()
    }

    func names(_ cache: ClusterCache) async -> [String] {
        await cache.allObjects().filter { $0.ref.kind == "Ingress" }.map(\.ref.name).sorted()
    }

    @Test func followsEventsAndBookmarksAcrossCompaction() async throws {
        let server = try await KubeAPITests.start { $0.bookmarkInterval = .milliseconds(100) }
        let api = try await KubeAPI.make(try KubeAPITests.connection(server))
        let cache = ClusterCache(api: api, watchTimeoutSeconds: 1)
        await cache.start()
        #expect(await cache.waitUntilSynced(timeout: .seconds(60)))
        #expect(await names(cache) == ["shop"])
        try server.store.apply(Self.ingress("new"))
        #expect(await Self.eventually { await names(cache) == ["new", "shop"] })
        server.store.delete(kind: "Ingress", apiVersion: "networking.k8s.io/v1", namespace: "shop", name: "new")
        #expect(await Self.eventually { await names(cache) == ["shop"] })
        // Changes elsewhere move the revision; bookmarks carry the Ingress watch along, so a
        // compaction does not force a new list.
        try server.store.apply(["apiVersion": "v1", "kind": "Service", "metadata": ["name": "x", "namespace": "shop"], "spec": [:]])
        // Compact only once the Ingress watch has been resumed from a bookmark at (or after) that
        // revision: a fixed wait lost the race on a loaded machine.
        let revision = server.store.revision
        let resumed = await Self.eventually {
            server.requests.contains { request in
                guard request.contains("/ingresses?"), request.contains("watch=1"),
                    let range = request.range(of: "resourceVersion=")
                else { return false }
                return Int(request[range.upperBound...].prefix { $0.isNumber }).map { $0 >= revision } ?? false
            }
        }
        #expect(resumed, "no Ingress watch resumed at revision \(revision): \(server.requests)")
        server.store.compact()
        try await Task.sleep(for: .milliseconds(1500))
        let ingressLists = server.requests.filter { $0.contains("/ingresses?") && !$0.contains("watch=") }
        #expect(ingressLists.count == 1, "\(ingressLists)")
        #expect(server.requests.filter { $0.contains("/ingresses?") && $0.contains("watch=1") }.count >= 2)
        let status = await cache.current
        #expect(status.synced && status.staleReason == nil, "\(status.staleReason ?? "")")
        await cache.stop()
        await api.shutdown()
        await server.stop()
    }

    /// The admission state follows `updates()` instead of polling: a change reaches a reader as
    /// a newer generation, and the stream ends when the cache stops.
    @Test func updatesCarryEachChangeAndEndWithTheCache() async throws {
        let server = try await KubeAPITests.start { $0.bookmarkInterval = .seconds(3600) }
        let api = try await KubeAPI.make(try KubeAPITests.connection(server))
        let cache = ClusterCache(api: api, watchTimeoutSeconds: 5)
        let updates = await cache.updates()
        await cache.start()
        #expect(await cache.waitUntilSynced(timeout: .seconds(60)))
        let synced = await cache.current.generation
        let reader = Task {
            var seen: [ClusterCache.Status] = []
            for await status in updates {
                seen.append(status)
            }
            return seen
        }
        try server.store.apply(Self.ingress("new"))
        #expect(await Self.eventually { await names(cache) == ["new", "shop"] })
        await cache.stop()
        let seen = await reader.value
        #expect(seen.contains { $0.synced && $0.generation > synced }, "\(seen.map(\.generation))")
        #expect(seen.map(\.generation) == seen.map(\.generation).sorted(), "generations only move forward")
        await api.shutdown()
        await server.stop()
    }

    @Test func relistsAfterGoneAndServesTheLastStateWhileTheServerIsDown() async throws {
        let server = try await KubeAPITests.start { $0.bookmarkInterval = .seconds(3600) }
        let api = try await KubeAPI.make(try KubeAPITests.connection(server))
        let cache = ClusterCache(api: api, watchTimeoutSeconds: 1)
        await cache.start()
        #expect(await cache.waitUntilSynced(timeout: .seconds(60)))
        // Without a bookmark the Ingress watch's resourceVersion falls behind the compaction.
        try server.store.apply(["apiVersion": "v1", "kind": "Service", "metadata": ["name": "x", "namespace": "shop"], "spec": [:]])
        server.store.compact()
        // The watch ends after its timeout and resumes from a resourceVersion that is gone: 410, list again.
        #expect(await Self.eventually { server.requests.filter { $0.contains("/ingresses?") && !$0.contains("watch=") }.count >= 2 })
        try server.store.apply(Self.ingress("after-compaction"))
        #expect(await Self.eventually { await names(cache) == ["after-compaction", "shop"] })
        await server.stop()
        #expect(await Self.eventually { await cache.current.staleReason != nil })
        #expect(await names(cache) == ["after-compaction", "shop"])
        await cache.stop()
        await api.shutdown()
    }
}
