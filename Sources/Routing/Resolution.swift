import IngressModel
import Inventory

/// The outcome of resolving one request in one class.
public struct Resolution: Sendable {
    public enum Outcome: Sendable {
        case route(Route)
        case defaultBackend(DefaultBackendEntry)
        case notFound
    }

    public var className: String?
    public var outcome: Outcome
    /// Which host bucket matched (nil: none); the pattern itself is made only when asked for.
    private var hostSpecificity: HostPattern.Specificity?
    private var requestHost: Substring

    init(className: String?, outcome: Outcome, hostSpecificity: HostPattern.Specificity?, requestHost: Substring) {
        self.className = className
        self.outcome = outcome
        self.hostSpecificity = hostSpecificity
        self.requestHost = requestHost
    }

    /// The host bucket that was selected, if any.
    public var hostPattern: HostPattern? {
        hostSpecificity.map { HostPattern(selected: $0, requestHost: requestHost) }
    }

    public var backend: BackendTarget? {
        switch outcome {
        case .route(let route): return route.backend
        case .defaultBackend(let entry): return entry.backend
        case .notFound: return nil
        }
    }

    /// The backend's Service port as the table resolved it when compiled: the key the proxy's
    /// endpoints are stored under.
    public var backendKey: ServicePortReference? {
        switch outcome {
        case .route(let route): return route.backendKey
        case .defaultBackend(let entry): return entry.backendKey
        case .notFound: return nil
        }
    }
}

/// The path part that matching sees: up to the first `?` or `#`.
public enum RoutePath {
    public static func matchable(_ raw: String) -> String { String(matchableSlice(raw)) }

    public static func matchableSlice(_ raw: String) -> Substring {
        let utf8 = raw.utf8
        guard let end = utf8.firstIndex(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }) else { return Substring(raw) }
        return raw[..<end]
    }
}
