import Foundation
import NIOHTTP1
import Routing

/// The `X-Ingress-Guard-Route` header the proxy sends to backends, so an echo backend can say which
/// route brought the request: `ingress=NS/NAME; host=H; path=P; pathType=T`.
public enum RouteHeader {
    public static let name = "X-Ingress-Guard-Route"

    public static func value(for target: ForwardTarget) -> String {
        if let route = target.route { return value(for: .route(route)) }
        if let entry = target.defaultBackend { return value(for: .defaultBackend(entry)) }
        return ""
    }

    public static func value(for outcome: Resolution.Outcome) -> String {
        switch outcome {
        case .route(let route):
            let host: String
            switch route.host {
            case .exact(let name): host = name
            case .wildcard(let suffix): host = "*.\(suffix)"
            case .any: host = ""
            }
            return "ingress=\(route.origin.ingress.qualifiedName); host=\(host); path=\(route.path); pathType=\(route.declaredType.rawValue)"
        case .defaultBackend(let entry):
            return "ingress=\(entry.origin.ingress.qualifiedName); host=; path=; pathType=defaultBackend"
        case .notFound:
            return ""
        }
    }

    public static func parse(_ value: String) -> [String: String] {
        var fields: [String: String] = [:]
        for part in value.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else { continue }
            fields[pair[0].trimmingCharacters(in: .whitespaces)] = pair[1].trimmingCharacters(in: .whitespaces)
        }
        return fields
    }
}

extension HTTPHeaders: RequestHeaderLookup {
    public func values(lowercasedName: String) -> [String] { self[lowercasedName] }
}
