import Foundation
import IngressModel
import ManifestLoader
import NIOPosix

/// The cluster's objects kept current: each resource is listed, then watched from the list's
/// resourceVersion (bookmarks move it on; 410 Gone means list again). Objects are decoded once, as
/// they arrive, so readers get ready `ManifestObject`s. A broken watch keeps the last state and
/// marks the cache stale until the watch is back. What the webhook answers from.
public actor ClusterCache {
    public struct Status: Sendable {
        /// Every resource has been listed once.
        public var synced: Bool
        /// Why the last watch failed, while it is being re-established.
        public var staleReason: String?
        /// When the cache last applied a list or an event.
        public var lastUpdate: Date?
        public var objectCount: Int
        /// Bumped on every change, so readers can keep derived indexes until it moves.
        public var generation: Int
        public var lists: Int
        public var watches: Int
        /// Optional resources the API server refused to list (403), with its reason: served as
        /// empty rather than holding up the whole state.
        public var unavailable: [String: String] = [:]
    }

    public struct Source: Sendable {
        public var resource: APIResource
        public var fieldSelector: String?
        /// A 403 on the first list leaves the resource empty instead of retrying: a deployment
        /// whose ClusterRole predates the resource still serves (Namespaces, read only for a
        /// policy's namespaceSelector).
        public var optional: Bool
        public init(_ resource: APIResource, fieldSelector: String? = nil, optional: Bool = false) {
            self.resource = resource
            self.fieldSelector = fieldSelector
            self.optional = optional
        }
    }

    /// What the webhook reads: Ingresses, IngressClasses, Services, EndpointSlices, TLS Secrets,
    /// and Namespaces (their labels, for a policy's namespaceSelector).
    public static let admissionSources: [Source] = [
        Source(.ingresses), Source(.ingressClasses), Source(.services), Source(.endpointSlices), Source(.secrets, fieldSelector: "type=kubernetes.io/tls"),
        Source(.namespaces, optional: true),
    ]

    private let api: KubeAPI
    private let sources: [Source]
    private let namespace: String?
    private let watchTimeout: Int
    private let loader: ManifestLoader
    private var objects: [APIResource: [String: ManifestObject]] = [:]
    private var listed: Set<APIResource> = []
    private var status = Status(synced: false, staleReason: nil, lastUpdate: nil, objectCount: 0, generation: 0, lists: 0, watches: 0)
    private var tasks: [Task<Void, Never>] = []
    private var subscribers: [Int: AsyncStream<Status>.Continuation] = [:]
    private var nextSubscriber = 0

    public init(api: KubeAPI, sources: [Source] = ClusterCache.admissionSources, namespace: String? = nil, watchTimeoutSeconds: Int = 300) {
        self.api = api
        self.sources = sources
        self.namespace = namespace
        self.watchTimeout = watchTimeoutSeconds
        self.loader = ManifestLoader(defaultNamespace: namespace ?? api.connection.namespace)
    }

    public func start() {
        guard tasks.isEmpty else { return }
        for source in sources {
            tasks.append(Task { await self.run(source) })
        }
    }

    public func stop() {
        for task in tasks { task.cancel() }
        tasks = []
        for continuation in subscribers.values { continuation.finish() }
        subscribers = [:]
    }

    /// The cache's status now and after every change (objects, sync, staleness). A reader that is
    /// busy gets the newest status when it looks again, never a backlog of stale ones.
    public func updates() -> AsyncStream<Status> {
        let (stream, continuation) = AsyncStream.makeStream(of: Status.self, bufferingPolicy: .bufferingNewest(1))
        let id = nextSubscriber
        nextSubscriber += 1
        subscribers[id] = continuation
        continuation.yield(status)
        continuation.onTermination = { [weak self] _ in
            Task { await self?.unsubscribe(id) }
        }
        return stream
    }

    private func unsubscribe(_ id: Int) {
        subscribers[id] = nil
    }

    private func publish() {
        for continuation in subscribers.values { continuation.yield(status) }
    }

    private func setStale(_ reason: String?) {
        guard status.staleReason != reason else { return }
        status.staleReason = reason
        publish()
    }

    public var current: Status { status }

    /// Every object, in a stable order (kind, then namespace/name). The ordering runs on NIO's pool
    /// for blocking work: with thousands of objects it takes milliseconds, and the actor may be
    /// running on an event loop that answers admissions.
    public func allObjects() async -> [ManifestObject] {
        let table = objects
        return (try? await NIOThreadPool.singleton.runIfActive { Self.ordered(table) }) ?? Self.ordered(table)
    }

    static func ordered(_ table: [APIResource: [String: ManifestObject]]) -> [ManifestObject] {
        table.keys.sorted { $0.plural < $1.plural }.flatMap { resource in
            (table[resource] ?? [:]).sorted { $0.key < $1.key }.map(\.value)
        }
    }

    /// Waits until every resource has been listed once, or `timeout` passes; returns whether it is.
    public func waitUntilSynced(timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !status.synced && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return status.synced
    }

    private func run(_ source: Source) async {
        var resourceVersion: String?
        var failures = 0
        while !Task.isCancelled {
            do {
                if resourceVersion == nil {
                    resourceVersion = try await relist(source)
                }
                status.watches += 1
                let stream = api.watch(
                    source.resource, namespace: source.resource.namespaced ? namespace : nil, resourceVersion: resourceVersion ?? "",
                    fieldSelector: source.fieldSelector, timeoutSeconds: watchTimeout)
                for try await event in stream {
                    switch event.kind {
                    case .added, .modified: apply(event, source: source)
                    case .deleted: remove(event, source: source)
                    case .bookmark: break
                    case .error:
                        // 410 Gone: the history before our resourceVersion is compacted away.
                        resourceVersion = nil
                    }
                    if event.kind != .error, !event.resourceVersion.isEmpty { resourceVersion = event.resourceVersion }
                    if resourceVersion == nil { break }
                }
                failures = 0
                setStale(nil)
            } catch KubeError.forbidden(let message, _, _, _) where source.optional && resourceVersion == nil {
                // Served as empty so the rest of the state is not held up; listed again with
                // back-off, since RBAC applied beside the Deployment may arrive a moment later.
                let known = status.unavailable[source.resource.plural] != nil
                status.unavailable[source.resource.plural] = message
                if !listed.contains(source.resource) {
                    objects[source.resource] = [:]
                    listed.insert(source.resource)
                    changed()
                } else if !known {
                    publish()
                }
                failures += 1
                try? await Task.sleep(for: .seconds(min(60.0, 0.5 * Double(1 << min(failures, 7)))))
                continue
            } catch KubeError.status(404, _, _) where source.resource == .endpointSlices && resourceVersion == nil {
                // A server from before discovery.k8s.io/v1: its Endpoints stand in.
                await run(Source(.endpoints))
                return
            } catch {
                if Task.isCancelled { return }
                failures += 1
                setStale("\(source.resource.plural): \(error)")
                let delay = min(30.0, 0.2 * Double(1 << min(failures, 8)))
                try? await Task.sleep(for: .seconds(delay))
            }
        }
    }

    static func decode(_ result: KubeAPI.ListResult, context: String, loader: ManifestLoader) -> [String: ManifestObject] {
        // Each item loaded as soon as it is rendered: rendering them all first kept the whole
        // resource's text alive beside its objects (a fifth of the webhook's peak).
        let objects = ClusterReader.eachDocument([result], context: context) { document in
            loader.load(text: document.text, file: document.file).objects
        }
        var fresh: [String: ManifestObject] = [:]
        fresh.reserveCapacity(objects.count)
        for object in objects { fresh["\(object.ref.namespace)/\(object.ref.name)"] = object }
        return fresh
    }

    private func relist(_ source: Source) async throws -> String {
        let result = try await api.list(source.resource, namespace: source.resource.namespaced ? namespace : nil, fieldSelector: source.fieldSelector)
        let loader = self.loader
        let context = api.connection.contextName
        // Decoding a whole resource can take seconds: on NIO's pool for blocking work, not on the
        // event loop this actor may be running on.
        let fresh = try await NIOThreadPool.singleton.runIfActive { Self.decode(result, context: context, loader: loader) }
        objects[source.resource] = fresh
        status.unavailable[source.resource.plural] = nil
        status.lists += 1
        listed.insert(source.resource)
        changed()
        return result.resourceVersion
    }

    private func apply(_ event: WatchEvent, source: Source) {
        let bytes = Array(event.object)
        guard let document = ClusterReader.document(bytes, item: 0..<bytes.count, resource: source.resource, context: api.connection.contextName) else { return }
        for object in loader.load(text: document.text, file: document.file).objects {
            objects[source.resource, default: [:]]["\(object.ref.namespace)/\(object.ref.name)"] = object
        }
        changed()
    }

    private func remove(_ event: WatchEvent, source: Source) {
        let namespace = source.resource.namespaced ? event.namespace : ""
        objects[source.resource]?.removeValue(forKey: "\(namespace)/\(event.name)")
        changed()
    }

    private func changed() {
        status.generation += 1
        status.lastUpdate = Date()
        status.objectCount = objects.values.reduce(0) { $0 + $1.count }
        status.synced = listed.count >= sources.count
        publish()
    }
}
