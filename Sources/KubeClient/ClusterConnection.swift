import Foundation

/// Everything needed to talk to one API server: resolved from a kubeconfig context, or from the
/// service account of the pod the tool runs in.
public struct ClusterConnection: Sendable {
    public enum Credential: Sendable {
        case none
        case token(String)
        /// Re-read on use, as a projected service-account token rotates.
        case tokenFile(String)
        case clientCertificate(certificatePEM: [UInt8], keyPEM: [UInt8])
        case exec(KubeConfig.ExecConfig)
    }

    public var server: URL
    public var contextName: String
    public var userName: String
    /// PEM; nil: the system's trust store.
    public var certificateAuthorityPEM: [UInt8]?
    public var insecureSkipTLSVerify: Bool
    public var tlsServerName: String?
    public var credential: Credential
    /// The context's namespace, or `default`.
    public var namespace: String

    public static let serviceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

    public struct ResolveError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Where kubectl would look: `explicit` (`--kubeconfig`), else `KUBECONFIG` (merged), else
    /// ~/.kube/config, else the pod's service account.
    public static func resolve(
        kubeconfig explicit: String?, context requested: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> ClusterConnection {
        var paths: [String] = []
        var skipMissing = false
        if let explicit {
            paths = [explicit]
        } else if let list = environment["KUBECONFIG"], !list.isEmpty {
            paths = list.split(separator: ":").map(String.init)
            skipMissing = true
        } else {
            let home = environment["HOME"] ?? NSHomeDirectory()
            let standard = home + "/.kube/config"
            if FileManager.default.fileExists(atPath: standard) {
                paths = [standard]
            } else if let host = environment["KUBERNETES_SERVICE_HOST"], let port = environment["KUBERNETES_SERVICE_PORT"] {
                return try inCluster(host: host, port: port, directory: environment["INGRESS_GUARD_SERVICE_ACCOUNT_DIR"] ?? serviceAccountDirectory)
            } else {
                throw ResolveError(description: "no kubeconfig: pass --kubeconfig, set KUBECONFIG, create ~/.kube/config, or run in a pod")
            }
        }
        let config: KubeConfig
        do {
            config = try KubeConfig.load(paths: paths, skipMissing: skipMissing)
        } catch let error as KubeConfig.LoadError {
            throw ResolveError(description: error.description)
        }
        return try from(config, context: requested)
    }

    public static func from(_ config: KubeConfig, context requested: String?) throws -> ClusterConnection {
        guard let contextName = requested ?? config.currentContext, !contextName.isEmpty else {
            throw ResolveError(description: "the kubeconfig (\(config.files.joined(separator: ", "))) sets no current-context; pass --context")
        }
        guard let context = config.contexts[contextName] else {
            let known = config.contexts.keys.sorted().joined(separator: ", ")
            throw ResolveError(description: "context \"\(contextName)\" is not in the kubeconfig (known: \(known.isEmpty ? "none" : known))")
        }
        guard let cluster = config.clusters[context.cluster] else {
            throw ResolveError(description: "context \"\(contextName)\" names cluster \"\(context.cluster)\", which the kubeconfig does not define")
        }
        guard let server = URL(string: cluster.server), server.scheme == "https" || server.scheme == "http", server.host != nil else {
            throw ResolveError(description: "cluster \"\(context.cluster)\" has server \"\(cluster.server)\", which is not an http(s) URL")
        }
        var authority = cluster.certificateAuthorityData
        if authority == nil, let file = cluster.certificateAuthority {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ResolveError(description: "cannot read certificate-authority \(file) of cluster \"\(context.cluster)\"")
            }
            authority = Array(data)
        }
        let user = config.users[context.user] ?? KubeConfig.User()
        var credential = Credential.none
        if let exec = user.exec {
            credential = .exec(exec)
        } else if user.clientCertificate != nil || user.clientCertificateData != nil {
            let certificate = try user.clientCertificateData ?? read(user.clientCertificate, what: "client-certificate")
            let key = try user.clientKeyData ?? read(user.clientKey, what: "client-key")
            credential = .clientCertificate(certificatePEM: certificate, keyPEM: key)
        } else if let token = user.token, !token.isEmpty {
            credential = .token(token)
        } else if let file = user.tokenFile {
            credential = .tokenFile(file)
        }
        return ClusterConnection(
            server: server, contextName: contextName, userName: context.user, certificateAuthorityPEM: authority,
            insecureSkipTLSVerify: cluster.insecureSkipTLSVerify, tlsServerName: cluster.tlsServerName, credential: credential,
            namespace: context.namespace.flatMap { $0.isEmpty ? nil : $0 } ?? "default")
    }

    /// The pod's service account: token, CA and namespace files, and the Service's host and port.
    public static func inCluster(host: String, port: String, directory: String) throws -> ClusterConnection {
        let bracketed = host.contains(":") ? "[\(host)]" : host
        guard let server = URL(string: "https://\(bracketed):\(port)") else {
            throw ResolveError(description: "KUBERNETES_SERVICE_HOST/PORT do not form a URL: \(host):\(port)")
        }
        guard FileManager.default.fileExists(atPath: directory + "/token") else {
            throw ResolveError(description: "running in a pod without a service-account token at \(directory)/token (automountServiceAccountToken: false?)")
        }
        let namespace = (try? String(contentsOfFile: directory + "/namespace", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        return ClusterConnection(
            server: server, contextName: "in-cluster", userName: "service account",
            certificateAuthorityPEM: FileManager.default.contents(atPath: directory + "/ca.crt").map(Array.init),
            insecureSkipTLSVerify: false, tlsServerName: nil, credential: .tokenFile(directory + "/token"),
            namespace: namespace.flatMap { $0.isEmpty ? nil : $0 } ?? "default")
    }

    private static func read(_ path: String?, what: String) throws -> [UInt8] {
        guard let path else { throw ResolveError(description: "the user has a client certificate but no \(what)") }
        guard let data = FileManager.default.contents(atPath: path) else { throw ResolveError(description: "cannot read \(what) \(path)") }
        return Array(data)
    }
}
