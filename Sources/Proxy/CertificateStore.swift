import Crypto
import Foundation
import IngressModel
import Inventory
import NIOSSL
import Routing
import X509

/// The certificates the proxy can present: each TLS Secret of the inputs that an Ingress of the
/// served class names, loaded once at start, plus a self-signed default certificate for hosts
/// without one. Secrets that do not load are reported, not fatal.
public struct ProxyCertificates: Sendable {
    public struct Pair: Sendable {
        public var chain: [NIOSSLCertificate]
        public var key: NIOSSLPrivateKey
    }

    public var bySecret: [ServicePortReference: Pair]
    public var defaultPair: Pair
    /// One line per Secret that could not be loaded.
    public var problems: [String]

    public static func load(table: ClassRouteTable, inventory: Inventory) throws -> ProxyCertificates {
        var bySecret: [ServicePortReference: Pair] = [:]
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
                let chain = try NIOSSLCertificate.fromPEMBytes(secret.values["tls.crt"]?.bytes ?? [])
                let key = try NIOSSLPrivateKey(bytes: secret.values["tls.key"]?.bytes ?? [], format: .pem)
                guard !chain.isEmpty else { throw NIOSSLError.failedToLoadCertificate }
                bySecret[Self.key(namespace: namespace, name: name)] = Pair(chain: chain, key: key)
            } catch {
                problems.append("Secret \(namespace)/\(name) does not hold a usable certificate and key: its hosts get the default certificate")
            }
        }
        return ProxyCertificates(bySecret: bySecret, defaultPair: try selfSigned(), problems: problems)
    }

    static func key(namespace: String, name: String) -> ServicePortReference {
        ServicePortReference(namespace: namespace, service: name, port: "tls")
    }

    /// The pair for an SNI name, through the route table's TLS bindings (wildcards cover one label).
    public func pair(forServerName name: String?, table: ClassRouteTable) -> Pair {
        guard let name, let binding = table.tlsBinding(for: name), let secret = binding.secretName,
            let pair = bySecret[Self.key(namespace: binding.origin.ingress.namespace, name: secret)]
        else { return defaultPair }
        return pair
    }

    /// A certificate for hosts without one, as controllers serve their "fake" default certificate.
    static func selfSigned() throws -> Pair {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName { CommonName("ingress-guard default certificate") }
        let now = Date()
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey),
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(86_400 * 365),
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions { Critical(BasicConstraints.notCertificateAuthority) },
            issuerPrivateKey: .init(key))
        let pem = try certificate.serializeAsPEM().pemString
        return Pair(
            chain: try NIOSSLCertificate.fromPEMBytes(Array(pem.utf8)),
            key: try NIOSSLPrivateKey(bytes: Array(key.pemRepresentation.utf8), format: .pem))
    }
}
