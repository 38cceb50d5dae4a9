/// A Pod, reduced to what endpoint checks read: its labels (for Service selectors), the ports its
/// containers name (for named target ports) and whether it is ready.
public struct Pod: Sendable {
    public var ref: ObjectRef
    public var source: ObjectSource
    public var metadata: ObjectMeta
    public var containerPorts: [ContainerPort]
    /// The `Ready` condition of `status`; nil when the object has no status (a manifest, not a live Pod).
    public var ready: Bool?

    public init(ref: ObjectRef, source: ObjectSource, metadata: ObjectMeta, containerPorts: [ContainerPort], ready: Bool?) {
        self.ref = ref
        self.source = source
        self.metadata = metadata
        self.containerPorts = containerPorts
        self.ready = ready
    }

    public var labels: [String: String] { metadata.labels }
}

public struct ContainerPort: Sendable {
    public var name: String?
    public var containerPort: Int
    public var container: String

    public init(name: String?, containerPort: Int, container: String) {
        self.name = name
        self.containerPort = containerPort
        self.container = container
    }
}
