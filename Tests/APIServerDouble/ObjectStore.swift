import Foundation
import IngressModel
import ManifestLoader
import NIOConcurrencyHelpers
import StructuredText

/// One object as the double keeps it: its JSON (with and without kind/apiVersion, as watch events
/// and list items carry them) and the fields selectors read.
struct StoredObject: Sendable {
    var type: ResourceType
    var namespace: String
    var name: String
    var labels: [String: String]
    var fields: [String: String]
    var resourceVersion: Int
    var json: Data
    var itemJSON: Data
}

struct WatchEvent: Sendable {
    var type: String
    var object: StoredObject
}

/// The double's etcd: objects by resource, one revision counter, an event log that `compact()`
/// truncates (a watch or continue token from before it gets 410 Gone), and the open watches.
public final class ObjectStore: Sendable {
    struct Watcher: Sendable {
        var type: ResourceType
        var namespace: String?
        var labels: Selector?
        var fields: Selector?
        var deliver: @Sendable (WatchEvent) -> Void
    }

    struct State {
        var objects: [ResourceType: [String: StoredObject]] = [:]
        var revision = 1000
        var events: [(revision: Int, event: WatchEvent)] = []
        var compactedThrough = 0
        var watchers: [Int: Watcher] = [:]
        var nextWatcher = 0
        /// Each resource's objects in key order at a revision: a list of 100,000 objects comes in
        /// 200 pages, and sorting them all for every page made listing quadratic.
        var sorted: [ResourceType: (revision: Int, items: [StoredObject])] = [:]
    }

    private let state = NIOLockedValueBox(State())

    public init() {}

    public var revision: Int { state.withLockedValue { $0.revision } }

    public enum StoreError: Error, CustomStringConvertible {
        case invalid(String)
        public var description: String {
            switch self {
            case .invalid(let message): return message
            }
        }
    }

    /// Creates or replaces an object (ADDED or MODIFIED for watchers).
    public func apply(_ object: [String: Any]) throws {
        _ = try store(object, onlyIfAbsent: false)
    }

    /// Stores the object unless one of its name exists (then nil), in one step.
    func create(json: Data) throws -> StoredObject? {
        guard let object = (try JSONSerialization.jsonObject(with: json)) as? [String: Any] else { throw StoreError.invalid("not a JSON object") }
        return try store(object, onlyIfAbsent: true)
    }

    private func store(_ object: [String: Any], onlyIfAbsent: Bool) throws -> StoredObject? {
        guard let kind = object["kind"] as? String, let apiVersion = object["apiVersion"] as? String,
            let type = ResourceCatalog.byKind(kind, apiVersion: apiVersion)
        else { throw StoreError.invalid("the double does not serve \(object["apiVersion"] ?? "?") \(object["kind"] ?? "?")") }
        var metadata = object["metadata"] as? [String: Any] ?? [:]
        guard let name = metadata["name"] as? String, !name.isEmpty else { throw StoreError.invalid("\(kind) without metadata.name") }
        let namespace = type.namespaced ? (metadata["namespace"] as? String ?? "default") : ""
        return try state.withLockedValue { state -> StoredObject? in
            let key = "\(namespace)/\(name)"
            let existing = state.objects[type]?[key]
            if onlyIfAbsent && existing != nil { return nil }
            state.revision += 1
            if type.namespaced { metadata["namespace"] = namespace }
            metadata["resourceVersion"] = String(state.revision)
            metadata["uid"] = metadata["uid"] ?? UUID().uuidString.lowercased()
            metadata["creationTimestamp"] = metadata["creationTimestamp"] ?? "2026-01-01T00:00:00Z"
            var full = object
            full["metadata"] = metadata
            var item = full
            item.removeValue(forKey: "kind")
            item.removeValue(forKey: "apiVersion")
            var fields = ["metadata.name": name, "metadata.namespace": namespace]
            if let secretType = object["type"] as? String { fields["type"] = secretType }
            let stored = StoredObject(
                type: type, namespace: namespace, name: name, labels: metadata["labels"] as? [String: String] ?? [:], fields: fields,
                resourceVersion: state.revision,
                json: try JSONSerialization.data(withJSONObject: full, options: [.sortedKeys]),
                itemJSON: try JSONSerialization.data(withJSONObject: item, options: [.sortedKeys]))
            state.objects[type, default: [:]][key] = stored
            Self.record(WatchEvent(type: existing == nil ? "ADDED" : "MODIFIED", object: stored), in: &state)
            return stored
        }
    }

    public func delete(kind: String, apiVersion: String, namespace: String, name: String) {
        guard let type = ResourceCatalog.byKind(kind, apiVersion: apiVersion) else { return }
        state.withLockedValue { state in
            guard var removed = state.objects[type]?.removeValue(forKey: "\(type.namespaced ? namespace : "")/\(name)") else { return }
            state.revision += 1
            removed.resourceVersion = state.revision
            Self.record(WatchEvent(type: "DELETED", object: removed), in: &state)
        }
    }

    /// Forgets the event log: watches and continue tokens from before now get 410 Gone.
    public func compact() {
        state.withLockedValue { state in
            state.compactedThrough = state.revision
            state.events = []
        }
    }

    private static func record(_ event: WatchEvent, in state: inout State) {
        state.events.append((state.revision, event))
        for watcher in state.watchers.values where Self.matches(event.object, watcher) {
            watcher.deliver(event)
        }
    }

    private static func matches(_ object: StoredObject, _ watcher: Watcher) -> Bool {
        object.type == watcher.type && (watcher.namespace.map { $0 == object.namespace } ?? true)
            && (watcher.labels?.matches(object.labels) ?? true) && (watcher.fields?.matches(object.fields) ?? true)
    }

    /// Objects in etcd key order (namespace, then name) and the revision they were read at.
    func list(_ type: ResourceType, namespace: String?, labels: Selector?, fields: Selector?) -> (items: [StoredObject], revision: Int) {
        state.withLockedValue { state in
            let all: [StoredObject]
            if let cached = state.sorted[type], cached.revision == state.revision {
                all = cached.items
            } else {
                all = (state.objects[type] ?? [:]).values.sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
                state.sorted[type] = (state.revision, all)
            }
            guard namespace != nil || labels != nil || fields != nil else { return (all, state.revision) }
            let items = all.filter { object in
                (namespace.map { $0 == object.namespace } ?? true) && (labels?.matches(object.labels) ?? true)
                    && (fields?.matches(object.fields) ?? true)
            }
            return (items, state.revision)
        }
    }

    func get(_ type: ResourceType, namespace: String, name: String) -> StoredObject? {
        state.withLockedValue { $0.objects[type]?["\(type.namespaced ? namespace : "")/\(name)"] }
    }

    func isCompacted(_ revision: Int) -> Bool {
        state.withLockedValue { revision < $0.compactedThrough }
    }

    /// Replays the events after `revision`, then delivers new ones; nil when `revision` is compacted.
    func watch(
        _ type: ResourceType, namespace: String?, labels: Selector?, fields: Selector?, from revision: Int,
        deliver: @escaping @Sendable (WatchEvent) -> Void
    ) -> Int? {
        state.withLockedValue { state in
            guard revision >= state.compactedThrough else { return nil }
            let watcher = Watcher(type: type, namespace: namespace, labels: labels, fields: fields, deliver: deliver)
            for (eventRevision, event) in state.events where eventRevision > revision && Self.matches(event.object, watcher) {
                deliver(event)
            }
            state.nextWatcher += 1
            state.watchers[state.nextWatcher] = watcher
            return state.nextWatcher
        }
    }

    func stopWatching(_ id: Int) {
        state.withLockedValue { _ = $0.watchers.removeValue(forKey: id) }
    }

    /// Loads Kubernetes YAML or JSON (multi-document, `List` kinds flattened) as fixtures.
    public func load(yaml text: String, file: String) throws {
        for object in try Self.objects(yaml: text, file: file) { try apply(object) }
    }

    /// The objects of a YAML or JSON text as JSON values (`List` kinds flattened).
    public static func objects(yaml text: String, file: String) throws -> [[String: Any]] {
        let composed = YAMLComposer().compose(text)
        if let error = composed.error { throw StoreError.invalid("\(file):\(error.line):\(error.column): \(error.message)") }
        var objects: [[String: Any]] = []
        for document in composed.documents {
            guard let object = jsonValue(document.root) as? [String: Any] else { continue }
            if let items = object["items"] as? [[String: Any]], (object["kind"] as? String)?.hasSuffix("List") == true {
                objects += items
            } else if object["kind"] != nil {
                objects.append(object)
            }
        }
        return objects
    }

    /// A YAML node as JSON values, typed as the API server types YAML 1.1 scalars.
    static func jsonValue(_ node: YAMLNode) -> Any {
        switch node.content {
        case .mapping(let pairs):
            var object: [String: Any] = [:]
            for pair in pairs { object[pair.key.scalar?.text ?? ""] = jsonValue(pair.value) }
            return object
        case .sequence(let items):
            return items.map(jsonValue)
        case .scalar(let scalar):
            switch node.resolvedType {
            case .integer: return scalar.integerValue ?? 0
            case .float: return Double(scalar.text) ?? 0
            case .boolean: return ["true", "yes", "on", "y"].contains(scalar.text.lowercased())
            case .null: return NSNull()
            default: return scalar.text
            }
        }
    }
}
