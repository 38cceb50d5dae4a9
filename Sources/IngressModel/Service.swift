/// A Service, reduced to what routing and reference checks need.
/// Its fields live in one copy-on-write box, as an `Ingress`'s do: rules and the route table copy
/// it often, and a field-by-field copy was a retain per string (a tenth of a large lint).
public struct Service: Sendable {
    @usableFromInline
    struct Fields: Sendable {
        @usableFromInline var ref: ObjectRef
        @usableFromInline var source: ObjectSource
        @usableFromInline var metadata: ObjectMeta
        @usableFromInline var type: String
        @usableFromInline var ports: [ServicePort]
        @usableFromInline var selector: [String: String]?
        @usableFromInline var externalName: String?
    }

    @usableFromInline var storage: CopyOnWriteBox<Fields>

    public var ref: ObjectRef {
        @inlinable get { storage.value.ref }
        @inlinable _modify { let box = CopyOnWriteBox.unique(&storage); yield &box.value.ref }
    }
    public var source: ObjectSource {
        @inlinable get { storage.value.source }
        @inlinable _modify { let box = CopyOnWriteBox.unique(&storage); yield &box.value.source }
    }
    public var metadata: ObjectMeta {
        @inlinable get { storage.value.metadata }
        @inlinable _modify { let box = CopyOnWriteBox.unique(&storage); yield &box.value.metadata }
    }
    /// `ClusterIP` when not written.
    public var type: String {
        @inlinable get { storage.value.type }
        @inlinable _modify { let box = CopyOnWriteBox.unique(&storage); yield &box.value.type }
    }
    public var ports: [ServicePort] {
        @inlinable get { storage.value.ports }
        @inlinable _modify { let box = CopyOnWriteBox.unique(&storage); yield &box.value.ports }
    }
    /// nil when the Service has none: its endpoints are managed by hand (or it is ExternalName).
    public var selector: [String: String]? {
        @inlinable get { storage.value.selector }
        @inlinable _modify { let box = CopyOnWriteBox.unique(&storage); yield &box.value.selector }
    }
    public var externalName: String? {
        @inlinable get { storage.value.externalName }
        @inlinable _modify { let box = CopyOnWriteBox.unique(&storage); yield &box.value.externalName }
    }

    public init(
        ref: ObjectRef, source: ObjectSource, metadata: ObjectMeta, type: String, ports: [ServicePort],
        selector: [String: String]? = nil, externalName: String? = nil
    ) {
        storage = CopyOnWriteBox(Fields(ref: ref, source: source, metadata: metadata, type: type, ports: ports, selector: selector, externalName: externalName))
    }
}

public struct ServicePort: Sendable {
    public var name: String?
    public var port: Int
    public var targetPort: TargetPort?
    public var location: SourceLocation

    public init(name: String?, port: Int, targetPort: TargetPort?, location: SourceLocation) {
        self.name = name
        self.port = port
        self.targetPort = targetPort
        self.location = location
    }
}

public enum TargetPort: Sendable, Equatable {
    case number(Int)
    case name(String)
}
