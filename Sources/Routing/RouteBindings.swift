import IngressModel
import Inventory

/// A default backend of one Ingress. Immutable and shared, like `Route`, so resolutions stay small.
public final class DefaultBackendEntry: Sendable {
    public let origin: RouteOrigin
    public let backend: BackendTarget
    /// Resolved when the table was compiled, as `Route.backendKey`.
    public let backendKey: ServicePortReference?
    public let location: SourceLocation
    public let field: String

    init(origin: RouteOrigin, backend: BackendTarget, backendKey: ServicePortReference?, location: SourceLocation, field: String) {
        self.origin = origin
        self.backend = backend
        self.backendKey = backendKey
        self.location = location
        self.field = field
    }
}

/// A TLS entry: which Secret terminates which host.
public final class TLSBinding: Sendable {
    public let origin: RouteOrigin
    public let host: HostPattern
    public let secretName: String?
    public let location: SourceLocation
    public let field: String

    init(origin: RouteOrigin, host: HostPattern, secretName: String?, location: SourceLocation, field: String) {
        self.origin = origin
        self.host = host
        self.secretName = secretName
        self.location = location
        self.field = field
    }
}

/// The routes of one IngressClass: host index, per-host path indexes, default backends, TLS.
