import Foundation
import IngressModel
import ManifestLoader
import NIOCore

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
    /// slices), TLS Secrets (by field selector), and Pods only behind Services whose port the
    /// Ingresses use by a named targetPort.
    public func read(namespace: String?) async throws -> Snapshot {
        var notes: [String] = []
        let resources: [(APIResource, String?)] = [
            (.ingresses, nil), (.ingressClasses, nil), (.services, nil), (.endpointSlices, nil), (.secrets, "type=kubernetes.io/tls"),
        ]
        var results: [APIResource: KubeAPI.ListResult] = [:]
        try await withThrowingTaskGroup(of: (APIResource, KubeAPI.ListResult?).self) { group in
            for (resource, fieldSelector) in resources {
                group.addTask { [api] in
                    do {
                        return (resource, try await api.list(resource, namespace: resource.namespaced ? namespace : nil, fieldSelector: fieldSelector))
                    } catch KubeError.status(404, _, _) where resource == .endpointSlices {
                        return (resource, nil)
                    }
                }
            }
            for try await (resource, result) in group {
                if let result { results[resource] = result }
            }
        }
        var calls = results.values.reduce(0) { $0 + $1.pages.count }
        if results[.endpointSlices] == nil {
            notes.append("the API server serves no discovery.k8s.io/v1 EndpointSlices: read v1 Endpoints instead")
            let endpoints = try await api.list(.endpoints, namespace: namespace)
            results[.endpoints] = endpoints
            calls += endpoints.pages.count
        }
        var documents = Self.documents(results.values.sorted { $0.resource.plural < $1.resource.plural }, context: api.connection.contextName)
        let podQueries = Self.podQueries(documents)
        if !podQueries.isEmpty {
            var pods: [KubeAPI.ListResult] = []
            try await withThrowingTaskGroup(of: KubeAPI.ListResult.self) { group in
                for query in podQueries {
                    group.addTask { [api] in try await api.list(.pods, namespace: query.namespace, labelSelector: query.selector) }
                }
                for try await result in group { pods.append(result) }
            }
            calls += pods.reduce(0) { $0 + $1.pages.count }
            documents += Self.documents(pods, context: api.connection.contextName)
        }
        let loader = ManifestLoader(defaultNamespace: namespace ?? api.connection.namespace)
        let all = documents
        let loaded = OrderedResults.compute(count: all.count) { index in
            loader.load(text: all[index].text, file: all[index].file)
        }
        var load = LoadResult()
        for result in loaded { load.append(result) }
        load.fileCount = 0
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
        let pages = lists.flatMap { list in list.pages.map { (list.resource, $0) } }
        let rendered = OrderedResults.compute(count: pages.count) { index -> [Document] in
            let (resource, page) = pages[index]
            guard let object = (try? JSONSerialization.jsonObject(with: Data(page.readableBytesView))) as? [String: Any],
                let items = object["items"] as? [[String: Any]]
            else { return [] }
            return items.compactMap { item in document(item, resource: resource, context: context) }
        }
        return rendered.flatMap { $0 }
    }

    /// One object as a document: kind and apiVersion put back, server bookkeeping dropped (noise in
    /// findings, and on a Secret the last applied configuration would repeat its private key).
    static func document(_ item: [String: Any], resource: APIResource, context: String) -> Document? {
        var full = item
        full["kind"] = resource.kind
        full["apiVersion"] = resource.apiVersion
        var metadata = full["metadata"] as? [String: Any] ?? [:]
        metadata.removeValue(forKey: "managedFields")
        if var annotations = metadata["annotations"] as? [String: Any] {
            annotations.removeValue(forKey: "kubectl.kubernetes.io/last-applied-configuration")
            metadata["annotations"] = annotations.isEmpty ? nil : annotations
        }
        full["metadata"] = metadata
        guard let data = try? JSONSerialization.data(withJSONObject: full, options: [.prettyPrinted, .sortedKeys]) else { return nil }
        let namespace = metadata["namespace"] as? String ?? "_"
        let name = metadata["name"] as? String ?? "_"
        return Document(
            file: "k8s://\(context)/\(resource.namespaced ? namespace : "_cluster")/\(resource.kind)/\(name)",
            text: String(decoding: data, as: UTF8.self), kind: resource.kind)
    }

    struct PodQuery: Hashable, Sendable {
        var namespace: String
        var selector: String
    }

    /// The Services an Ingress reaches through a named targetPort, as pod list queries.
    static func podQueries(_ documents: [Document]) -> Set<PodQuery> {
        var referenced: Set<String> = []
        for document in documents where document.kind == "Ingress" {
            guard let object = (try? JSONSerialization.jsonObject(with: Data(document.text.utf8))) as? [String: Any] else { continue }
            let namespace = (object["metadata"] as? [String: Any])?["namespace"] as? String ?? "default"
            let spec = object["spec"] as? [String: Any] ?? [:]
            var backends: [[String: Any]] = []
            if let backend = spec["defaultBackend"] as? [String: Any] { backends.append(backend) }
            for rule in spec["rules"] as? [[String: Any]] ?? [] {
                for path in (rule["http"] as? [String: Any])?["paths"] as? [[String: Any]] ?? [] {
                    if let backend = path["backend"] as? [String: Any] { backends.append(backend) }
                }
            }
            for backend in backends {
                if let name = (backend["service"] as? [String: Any])?["name"] as? String { referenced.insert("\(namespace)/\(name)") }
            }
        }
        var queries: Set<PodQuery> = []
        for document in documents where document.kind == "Service" {
            guard let object = (try? JSONSerialization.jsonObject(with: Data(document.text.utf8))) as? [String: Any] else { continue }
            let metadata = object["metadata"] as? [String: Any] ?? [:]
            let namespace = metadata["namespace"] as? String ?? "default"
            guard referenced.contains("\(namespace)/\(metadata["name"] as? String ?? "")") else { continue }
            let spec = object["spec"] as? [String: Any] ?? [:]
            let named = (spec["ports"] as? [[String: Any]] ?? []).contains { $0["targetPort"] is String }
            guard named, let selector = spec["selector"] as? [String: String], !selector.isEmpty else { continue }
            queries.insert(PodQuery(namespace: namespace, selector: selector.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")))
        }
        return queries
    }
}
