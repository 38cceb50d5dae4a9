import Foundation
import IngressModel
import Inventory
import NIOSSL
import Routing
import Serving

/// The certificates the proxy can present: each TLS Secret of the inputs that an Ingress of the
/// served class names, loaded once at start, plus a self-signed default certificate for hosts
/// without one. Secrets that do not load are reported, not fatal.
public struct ProxyCertificates: Sendable {
    public typealias Pair = ServingPair

    public var bySecret: [SecretReference: Pair]
    public var defaultPair: Pair
    /// One line per Secret that could not be loaded.
    public var problems: [String]

    public static func load(table: ClassRouteTable, inventory: Inventory) throws -> ProxyCertificates {
        var bySecret: [SecretReference: Pair] = [:]
        var problems: [String] = []
        var seen: Set<String> = []
        for binding in table.allTLSBindings {
            guard let name = binding.secretName, !name.isEmpty else { continue }
            let namespace = binding.origin.ingress.namespace
            guard seen.insert("\(namespace)/\(name)").inserted else { continue }
            guard let secret = inventory.secret(namespace: namespace, name: name) else {
                problems.append("Secret \(namespace)/\(name) is not in the inputs: its hosts get the default certificate")
                continue
            }
            do {
                bySecret[Self.key(namespace: namespace, name: name)] = try ServingPair.load(
                    certificatePEM: secret.values[Secret.certificateKey]?.bytes ?? [], keyPEM: secret.values[Secret.privateKeyKey]?.bytes ?? [])
            } catch {
                problems.append("Secret \(namespace)/\(name) does not hold a usable certificate and key: its hosts get the default certificate")
            }
        }
        return ProxyCertificates(bySecret: bySecret, defaultPair: try ServingPair.selfSigned(), problems: problems)
    }

    static func key(namespace: String, name: String) -> SecretReference {
        SecretReference(namespace: namespace, name: name)
    }

    /// The pair for an SNI name, through the route table's TLS bindings (wildcards cover one label).
    public func pair(forServerName name: String?, table: ClassRouteTable) -> Pair {
        guard let name, let binding = table.tlsBinding(for: name), let secret = binding.secretName,
            let pair = bySecret[Self.key(namespace: binding.origin.ingress.namespace, name: secret)]
        else { return defaultPair }
        return pair
    }
}
