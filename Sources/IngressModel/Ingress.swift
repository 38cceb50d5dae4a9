/// The served versions of the Ingress API. The model is the v1 shape; the version is kept so that
/// messages and locations use the user's own field names.
public enum IngressAPIVersion: String, Sendable, CaseIterable {
    case extensionsV1beta1 = "extensions/v1beta1"
    case networkingV1beta1 = "networking.k8s.io/v1beta1"
    case networkingV1 = "networking.k8s.io/v1"

    public var isBeta: Bool { self != .networkingV1 }
    /// The name of the default backend field in this version.
    public var defaultBackendField: String { isBeta ? "backend" : "defaultBackend" }
}

public enum PathType: String, Sendable, CaseIterable {
    case exact = "Exact"
    case prefix = "Prefix"
    case implementationSpecific = "ImplementationSpecific"
}

/// One Ingress in the normalized v1 shape.
///
/// A value type whose fields live in one shared, copy-on-write box: an Ingress holds some thirty
/// references (strings, locations, arrays), every index, inventory and rule copies it, and copying
/// the fields one by one made reference counting the largest cost of an admission.
public struct Ingress: Sendable {
    @usableFromInline
    struct Fields: Sendable {
        @usableFromInline var ref: ObjectRef
        @usableFromInline var source: ObjectSource
        @usableFromInline var metadata: ObjectMeta
        @usableFromInline var apiVersion: IngressAPIVersion
        @usableFromInline var specLocation: SourceLocation
        @usableFromInline var ingressClassName: Located<String>?
        @usableFromInline var defaultBackend: IngressBackend?
        @usableFromInline var rules: [IngressRule]
        @usableFromInline var tls: [IngressTLS]
        /// Derived from `defaultBackend` and `rules`, kept beside them: a dozen rules ask for every
        /// Ingress's backends, and gathering them on each request was a fiftieth of a large lint.
        @usableFromInline var backends: [IngressBackend] = []

        @usableFromInline
        mutating func gatherBackends() {
            var all: [IngressBackend] = []
            if let defaultBackend { all.append(defaultBackend) }
            for rule in rules {
                for path in rule.http?.paths ?? [] {
                    if let backend = path.backend { all.append(backend) }
                }
            }
            backends = all
        }
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
    public var apiVersion: IngressAPIVersion {
        @inlinable get { storage.value.apiVersion }
        @inlinable _modify { let box = CopyOnWriteBox.unique(&storage); yield &box.value.apiVersion }
    }
    /// Where `spec` is, or the object itself when it has none.
    public var specLocation: SourceLocation {
        @inlinable get { storage.value.specLocation }
        @inlinable _modify { let box = CopyOnWriteBox.unique(&storage); yield &box.value.specLocation }
    }
    public var ingressClassName: Located<String>? {
        @inlinable get { storage.value.ingressClassName }
        @inlinable _modify { let box = CopyOnWriteBox.unique(&storage); yield &box.value.ingressClassName }
    }
    public var defaultBackend: IngressBackend? {
        @inlinable get { storage.value.defaultBackend }
        @inlinable _modify {
            let box = CopyOnWriteBox.unique(&storage)
            defer { box.value.gatherBackends() }
            yield &box.value.defaultBackend
        }
    }
    public var rules: [IngressRule] {
        @inlinable get { storage.value.rules }
        @inlinable _modify {
            let box = CopyOnWriteBox.unique(&storage)
            defer { box.value.gatherBackends() }
            yield &box.value.rules
        }
    }
    public var tls: [IngressTLS] {
        @inlinable get { storage.value.tls }
        @inlinable _modify { let box = CopyOnWriteBox.unique(&storage); yield &box.value.tls }
    }

    public init(
        ref: ObjectRef, source: ObjectSource, metadata: ObjectMeta, apiVersion: IngressAPIVersion,
        specLocation: SourceLocation, ingressClassName: Located<String>? = nil,
        defaultBackend: IngressBackend? = nil, rules: [IngressRule] = [], tls: [IngressTLS] = []
    ) {
        var fields = Fields(
            ref: ref, source: source, metadata: metadata, apiVersion: apiVersion, specLocation: specLocation,
            ingressClassName: ingressClassName, defaultBackend: defaultBackend, rules: rules, tls: tls)
        fields.gatherBackends()
        storage = CopyOnWriteBox(fields)
    }

    /// The legacy class annotation, which controllers still honour when `ingressClassName` is unset.
    public static let classAnnotation = "kubernetes.io/ingress.class"

    public var classAnnotation: Located<String>? { metadata.annotations[Self.classAnnotation] }

    /// Every backend of the Ingress: the default backend first, then each path's, in spec order.
    public var backends: [IngressBackend] { storage.value.backends }
}

public struct IngressRule: Sendable {
    /// Nil when the rule has no `host` (it then applies to all hosts).
    public var host: Located<String>?
    public var http: HTTPRuleValue?
    public var field: String
    public var location: SourceLocation

    public init(host: Located<String>?, http: HTTPRuleValue?, field: String, location: SourceLocation) {
        self.host = host
        self.http = http
        self.field = field
        self.location = location
    }
}

public struct HTTPRuleValue: Sendable {
    public var paths: [HTTPIngressPath]
    /// True when `paths` was written (possibly empty), false when `http` has no `paths` key.
    public var hasPathsKey: Bool
    public var field: String
    public var location: SourceLocation

    public init(paths: [HTTPIngressPath], hasPathsKey: Bool, field: String, location: SourceLocation) {
        self.paths = paths
        self.hasPathsKey = hasPathsKey
        self.field = field
        self.location = location
    }
}

/// Its fields live in one copy-on-write box, as an `Ingress`'s do: rules and the route table copy
/// it often, and a field-by-field copy was a retain per string (a tenth of a large lint).
public struct HTTPIngressPath: Sendable {
    @usableFromInline
    struct Fields: Sendable {
        @usableFromInline var path: Located<String>?
        @usableFromInline var pathType: Located<String>?
        @usableFromInline var pathTypeDefaulted: Bool
        @usableFromInline var backend: IngressBackend?
        @usableFromInline var field: String
        @usableFromInline var location: SourceLocation
    }

    @usableFromInline var storage: CopyOnWriteBox<Fields>

    /// Nil when `path` is absent (allowed for ImplementationSpecific and in v1beta1).
    public var path: Located<String>? {
        @inlinable get { storage.value.path }
        @inlinable _modify { let box = CopyOnWriteBox.unique(&storage); yield &box.value.path }
    }
    /// The path type as written, or nil when absent and not defaulted.
    public var pathType: Located<String>? {
        @inlinable get { storage.value.pathType }
        @inlinable _modify { let box = CopyOnWriteBox.unique(&storage); yield &box.value.pathType }
    }
    /// True when v1beta1 defaulting supplied `ImplementationSpecific`.
    public var pathTypeDefaulted: Bool {
        @inlinable get { storage.value.pathTypeDefaulted }
        @inlinable _modify { let box = CopyOnWriteBox.unique(&storage); yield &box.value.pathTypeDefaulted }
    }
    public var backend: IngressBackend? {
        @inlinable get { storage.value.backend }
        @inlinable _modify { let box = CopyOnWriteBox.unique(&storage); yield &box.value.backend }
    }
    public var field: String {
        @inlinable get { storage.value.field }
        @inlinable _modify { let box = CopyOnWriteBox.unique(&storage); yield &box.value.field }
    }
    public var location: SourceLocation {
        @inlinable get { storage.value.location }
        @inlinable _modify { let box = CopyOnWriteBox.unique(&storage); yield &box.value.location }
    }

    public init(
        path: Located<String>?, pathType: Located<String>?, pathTypeDefaulted: Bool,
        backend: IngressBackend?, field: String, location: SourceLocation
    ) {
        storage = CopyOnWriteBox(Fields(path: path, pathType: pathType, pathTypeDefaulted: pathTypeDefaulted, backend: backend, field: field, location: location))
    }

    /// The path type when it is one of the three supported values.
    public var knownPathType: PathType? { pathType.flatMap { PathType(rawValue: $0.value) } }
    public var pathText: String { path?.value ?? "" }
}

/// Its fields live in one copy-on-write box, as an `Ingress`'s do: rules and the route table copy
/// it often, and a field-by-field copy was a retain per string (a tenth of a large lint).
public struct IngressBackend: Sendable {
    @usableFromInline
    struct Fields: Sendable {
        @usableFromInline var service: ServiceBackend?
        /// Boxed: rare, and inline it was most of every backend's size (240 of 300 bytes).
        @usableFromInline var resource: CopyOnWriteBox<ResourceBackend>?
        @usableFromInline var field: String
        @usableFromInline var location: SourceLocation
    }

    @usableFromInline var storage: CopyOnWriteBox<Fields>

    public var service: ServiceBackend? {
        @inlinable get { storage.value.service }
        @inlinable _modify { let box = CopyOnWriteBox.unique(&storage); yield &box.value.service }
    }
    public var resource: ResourceBackend? {
        @inlinable get { storage.value.resource?.value }
        set { CopyOnWriteBox.unique(&storage).value.resource = newValue.map { CopyOnWriteBox($0) } }
    }
    /// e.g. `spec.rules[0].http.paths[1].backend` or `spec.backend`.
    public var field: String {
        @inlinable get { storage.value.field }
        @inlinable _modify { let box = CopyOnWriteBox.unique(&storage); yield &box.value.field }
    }
    public var location: SourceLocation {
        @inlinable get { storage.value.location }
        @inlinable _modify { let box = CopyOnWriteBox.unique(&storage); yield &box.value.location }
    }

    public init(service: ServiceBackend?, resource: ResourceBackend?, field: String, location: SourceLocation) {
        storage = CopyOnWriteBox(Fields(service: service, resource: resource.map { CopyOnWriteBox($0) }, field: field, location: location))
    }
}

/// A Service backend; in v1beta1 built from `serviceName`/`servicePort` as the API server converts them.
/// Its fields live in one copy-on-write box, as an `Ingress`'s do: every backend check copies it.
public struct ServiceBackend: Sendable {
    @usableFromInline
    struct Fields: Sendable {
        @usableFromInline var name: Located<String>
        @usableFromInline var portName: Located<String>?
        @usableFromInline var portNumber: Located<Int>?
        @usableFromInline var portField: String
        @usableFromInline var portLocation: SourceLocation
    }

    @usableFromInline var storage: CopyOnWriteBox<Fields>

    /// The name; an empty value with the location of the backend when not written.
    public var name: Located<String> {
        @inlinable get { storage.value.name }
        @inlinable _modify { let box = CopyOnWriteBox.unique(&storage); yield &box.value.name }
    }
    public var portName: Located<String>? {
        @inlinable get { storage.value.portName }
        @inlinable _modify { let box = CopyOnWriteBox.unique(&storage); yield &box.value.portName }
    }
    public var portNumber: Located<Int>? {
        @inlinable get { storage.value.portNumber }
        @inlinable _modify { let box = CopyOnWriteBox.unique(&storage); yield &box.value.portNumber }
    }
    /// Where the port is (the `port` mapping, or `servicePort`), or the backend when absent.
    public var portField: String {
        @inlinable get { storage.value.portField }
        @inlinable _modify { let box = CopyOnWriteBox.unique(&storage); yield &box.value.portField }
    }
    public var portLocation: SourceLocation {
        @inlinable get { storage.value.portLocation }
        @inlinable _modify { let box = CopyOnWriteBox.unique(&storage); yield &box.value.portLocation }
    }

    public init(
        name: Located<String>, portName: Located<String>?, portNumber: Located<Int>?,
        portField: String, portLocation: SourceLocation
    ) {
        storage = CopyOnWriteBox(Fields(name: name, portName: portName, portNumber: portNumber, portField: portField, portLocation: portLocation))
    }

    /// `name:port` as users say it.
    public var display: String {
        if let number = portNumber?.value, number != 0 { return "\(name.value):\(number)" }
        if let portName = portName?.value, !portName.isEmpty { return "\(name.value):\(portName)" }
        return name.value
    }
}

public struct ResourceBackend: Sendable {
    public var apiGroup: Located<String>?
    public var kind: Located<String>
    public var name: Located<String>
    public var field: String
    public var location: SourceLocation

    public init(
        apiGroup: Located<String>?, kind: Located<String>, name: Located<String>, field: String,
        location: SourceLocation
    ) {
        self.apiGroup = apiGroup
        self.kind = kind
        self.name = name
        self.field = field
        self.location = location
    }
}

public struct IngressTLS: Sendable {
    public var hosts: [Located<String>]
    public var secretName: Located<String>?
    public var field: String
    public var location: SourceLocation

    public init(hosts: [Located<String>], secretName: Located<String>?, field: String, location: SourceLocation) {
        self.hosts = hosts
        self.secretName = secretName
        self.field = field
        self.location = location
    }
}
