import Foundation
import IngressModel
import ManifestLoader
import NIOCore
import ParallelWork
import StructuredText

/// What the analysis reads from a live cluster, as the same `ManifestObject`s files give: the lists
/// run concurrently (each paginated), and every object is rendered as indented JSON named
/// `k8s://CONTEXT/NAMESPACE/KIND/NAME`, so findings on live objects have a line and column too.
public struct ClusterReader: Sendable {
    public var api: KubeAPI

    public init(api: KubeAPI) {
        self.api = api
    }

    public struct Snapshot: Sendable {
        public var load: LoadResult
        public var contextName: String
        /// `all namespaces` or `namespace NAME`.
        public var scope: String
        public var notes: [String]
        public var listCalls: Int
        /// Each object as read (indented JSON), for `snapshot`.
        public var documents: [Document]
    }

    /// Ingresses, IngressClasses, Services, EndpointSlices (or Endpoints where the server has no
    /// slices), TLS Secrets (by field selector), Namespaces (their labels, for a policy's
    /// namespaceSelector; skipped with a note where RBAC forbids them), and Pods only behind
    /// Services whose port the Ingresses use by a named targetPort.
    /// `progress` hears each resource listed (list calls so far, resources listed of all).
    public func read(namespace: String?, progress: (@Sendable (_ listCalls: Int, _ listed: Int, _ resources: Int) -> Void)? = nil) async throws -> Snapshot {
        var notes: [String] = []
        let resources: [(APIResource, String?)] = [
            (.ingresses, nil), (.ingressClasses, nil), (.services, nil), (.endpointSlices, nil), (.secrets, "type=kubernetes.io/tls"),
            (.namespaces, nil),
        ]
        var results: [APIResource: KubeAPI.ListResult] = [:]
        try await withThrowingTaskGroup(of: (APIResource, KubeAPI.ListResult?).self) { group in
            for (resource, fieldSelector) in resources {
                group.addTask { [api] in
                    do {
                        return (resource, try await api.list(resource, namespace: resource.namespaced ? namespace : nil, fieldSelector: fieldSelector))
                    } catch KubeError.status(404, _, _) where resource == .endpointSlices {
                        return (resource, nil)
                    } catch KubeError.forbidden where resource == .namespaces {
                        return (resource, nil)
                    }
                }
            }
            var calls = 0
            var listed = 0
            for try await (resource, result) in group {
                listed += 1
                if let result {
                    results[resource] = result
                    calls += result.pages.count
                }
                progress?(calls, listed, resources.count)
            }
        }
        var calls = results.values.reduce(0) { $0 + $1.pages.count }
        if results[.namespaces] == nil {
            notes.append("listing Namespaces is forbidden: a policy's namespaceSelector sees no namespace labels")
        }
        if results[.endpointSlices] == nil {
            notes.append("the API server serves no discovery.k8s.io/v1 EndpointSlices: read v1 Endpoints instead")
            let endpoints = try await api.list(.endpoints, namespace: namespace)
            results[.endpoints] = endpoints
            calls += endpoints.pages.count
        }
        let loader = ManifestLoader(defaultNamespace: namespace ?? api.connection.namespace)
        var documents = Self.documents(results.values.sorted { $0.resource.plural < $1.resource.plural }, context: api.connection.contextName)
        var load = Self.load(documents, loader: loader)
        let podQueries = Self.podQueries(load.objects)
        if !podQueries.isEmpty {
            var pods: [KubeAPI.ListResult] = []
            try await withThrowingTaskGroup(of: KubeAPI.ListResult.self) { group in
                for query in podQueries {
                    group.addTask { [api] in try await api.list(.pods, namespace: query.namespace, labelSelector: query.selector) }
                }
                for try await result in group { pods.append(result) }
            }
            calls += pods.reduce(0) { $0 + $1.pages.count }
            let podDocuments = Self.documents(pods, context: api.connection.contextName)
            load.append(Self.load(podDocuments, loader: loader))
            documents += podDocuments
        }
        load.fileCount = 0
        let all = documents
        return Snapshot(
            load: load, contextName: api.connection.contextName, scope: namespace.map { "namespace \($0)" } ?? "all namespaces",
            notes: notes, listCalls: calls, documents: all)
    }

    public struct Document: Sendable {
        public var file: String
        public var text: String
        public var kind: String
    }

    /// Each list item as its own indented JSON document with kind and apiVersion put back (list
    /// items carry neither).
    static func documents(_ lists: [KubeAPI.ListResult], context: String) -> [Document] {
        eachDocument(lists, context: context) { [$0] }
    }

    /// What `transform` makes of each list item's document, in list order, pages on every core.
    /// A document lives only while it is transformed: the cache keeps objects, not texts.
    static func eachDocument<Result: Sendable>(
        _ lists: [KubeAPI.ListResult], context: String, _ transform: @Sendable (Document) -> [Result]
    ) -> [Result] {
        let pages = lists.flatMap { list in list.pages.map { (list.resource, $0) } }
        let rendered = OrderedResults.compute(count: pages.count) { index -> [Result] in
            let (resource, page) = pages[index]
            let bytes = Array(page.readableBytesView)
            guard let parts = RawJSON.listParts(bytes) else { return [] }
            return parts.items.flatMap { item in document(bytes, item: item, resource: resource, context: context).map(transform) ?? [] }
        }
        return rendered.flatMap { $0 }
    }

    /// One object as a document: kind and apiVersion put back (list items carry neither), server
    /// bookkeeping dropped (see RawJSON.document), named `k8s://CONTEXT/NAMESPACE/KIND/NAME`.
    static func document(_ bytes: [UInt8], item: Range<Int>, resource: APIResource, context: String) -> Document? {
        guard let rendered = RawJSON.document(bytes, item: item, apiVersion: resource.apiVersion, kind: resource.kind) else { return nil }
        let namespace = resource.namespaced ? rendered.namespace ?? "_" : "_cluster"
        return Document(file: "k8s://\(context)/\(namespace)/\(resource.kind)/\(rendered.name ?? "_")", text: rendered.text, kind: resource.kind)
    }

    static func load(_ documents: [Document], loader: ManifestLoader) -> LoadResult {
        let loaded = OrderedResults.compute(count: documents.count) { index in
            loader.load(text: documents[index].text, file: documents[index].file)
        }
        var load = LoadResult()
        for result in loaded { load.append(result) }
        return load
    }

    struct PodQuery: Hashable, Sendable {
        var namespace: String
        var selector: String
    }

    /// The Services an Ingress reaches through a named targetPort, as pod list queries.
    static func podQueries(_ objects: [ManifestObject]) -> Set<PodQuery> {
        var referenced: Set<String> = []
        for object in objects {
            guard case .ingress(let ingress) = object.payload else { continue }
            for backend in ingress.backends {
                if let name = backend.service?.name.value, !name.isEmpty { referenced.insert("\(ingress.ref.namespace)/\(name)") }
            }
        }
        var queries: Set<PodQuery> = []
        for object in objects {
            guard case .service(let service) = object.payload, referenced.contains("\(service.ref.namespace)/\(service.ref.name)"),
                service.ports.contains(where: { if case .name? = $0.targetPort { return true } else { return false } }),
                let selector = service.selector, !selector.isEmpty
            else { continue }
            queries.insert(PodQuery(
                namespace: service.ref.namespace,
                selector: selector.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")))
        }
        return queries
    }
}
