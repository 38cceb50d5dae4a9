import Foundation
import IngressModel
import ManifestLoader
import StructuredText

/// A kubeconfig, or several merged the way kubectl merges the files of `KUBECONFIG`: for clusters,
/// users and contexts the first file that names an entry wins, and `current-context` comes from the
/// first file that sets one. Relative paths resolve against the directory of the file they are in.
public struct KubeConfig: Sendable {
    public struct Cluster: Sendable {
        public var server: String
        public var certificateAuthority: String?
        public var certificateAuthorityData: [UInt8]?
        public var insecureSkipTLSVerify = false
        public var tlsServerName: String?
    }

    public struct ExecConfig: Sendable {
        public var command: String
        public var arguments: [String]
        public var environment: [(String, String)]
        public var apiVersion: String
        public var installHint: String?
    }

    public struct User: Sendable {
        public var token: String?
        public var tokenFile: String?
        public var clientCertificate: String?
        public var clientCertificateData: [UInt8]?
        public var clientKey: String?
        public var clientKeyData: [UInt8]?
        public var exec: ExecConfig?
    }

    public struct Context: Sendable {
        public var cluster: String
        public var user: String
        public var namespace: String?
    }

    public var clusters: [String: Cluster] = [:]
    public var users: [String: User] = [:]
    public var contexts: [String: Context] = [:]
    public var currentContext: String?
    /// The files read, in order.
    public var files: [String] = []

    public init() {}

    public struct LoadError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Reads and merges the files in order; a file of `KUBECONFIG` that does not exist is skipped,
    /// as kubectl skips it.
    public static func load(paths: [String], skipMissing: Bool = false) throws -> KubeConfig {
        var merged = KubeConfig()
        for path in paths where !path.isEmpty {
            guard FileManager.default.fileExists(atPath: path) else {
                if skipMissing { continue }
                throw LoadError(description: "kubeconfig \(path) does not exist")
            }
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw LoadError(description: "cannot read kubeconfig \(path)")
            }
            let single = try parse(text, file: path)
            merged.files.append(path)
            for (name, cluster) in single.clusters where merged.clusters[name] == nil { merged.clusters[name] = cluster }
            for (name, user) in single.users where merged.users[name] == nil { merged.users[name] = user }
            for (name, context) in single.contexts where merged.contexts[name] == nil { merged.contexts[name] = context }
            if merged.currentContext == nil, let current = single.currentContext, !current.isEmpty { merged.currentContext = current }
        }
        return merged
    }

    /// One kubeconfig document; errors name the file, line and column.
    public static func parse(_ text: String, file: String) throws -> KubeConfig {
        let composed = YAMLComposer().compose(text)
        if let error = composed.error {
            throw DocumentError(error, file: file)
        }
        var config = KubeConfig()
        guard let root = composed.documents.first?.root, !root.isNull else { return config }
        guard root.pairs != nil else { throw DocumentError("a kubeconfig is a mapping", at: root, file: file) }
        let directory = URL(fileURLWithPath: file).deletingLastPathComponent().path
        func path(_ node: YAMLNode?) -> String? {
            guard let text = node?.text, !text.isEmpty else { return nil }
            if text.hasPrefix("/") { return text }
            if text.hasPrefix("~/") { return NSHomeDirectory() + String(text.dropFirst(1)) }
            return directory + "/" + text
        }
        func data(_ node: YAMLNode?, field: String) throws -> [UInt8]? {
            guard let node, let text = node.text, !text.isEmpty else { return nil }
            guard let decoded = Data(base64Encoded: text.filter { !$0.isWhitespace }) else {
                throw DocumentError("\(field) is not valid base64", at: node, file: file)
            }
            return Array(decoded)
        }
        func named(_ key: String) throws -> [(String, YAMLNode)] {
            guard let list = root[key], !list.isNull else { return [] }
            guard let items = list.items else { throw DocumentError("`\(key)` must be a list", at: list, file: file) }
            return try items.map { item in
                guard let name = item["name"]?.text else {
                    throw DocumentError("an entry of `\(key)` has no name", at: item, file: file)
                }
                return (name, item)
            }
        }
        for (name, item) in try named("clusters") {
            guard let cluster = item["cluster"], let server = cluster["server"]?.text, !server.isEmpty else {
                throw DocumentError("cluster \"\(name)\" has no server", at: item, file: file)
            }
            config.clusters[name] = Cluster(
                server: server, certificateAuthority: path(cluster["certificate-authority"]),
                certificateAuthorityData: try data(cluster["certificate-authority-data"], field: "certificate-authority-data"),
                insecureSkipTLSVerify: cluster["insecure-skip-tls-verify"]?.text == "true",
                tlsServerName: cluster["tls-server-name"]?.text)
        }
        for (name, item) in try named("users") {
            let user = item["user"]
            var exec: ExecConfig?
            if let node = user?["exec"], !node.isNull {
                guard let command = node["command"]?.text, !command.isEmpty else {
                    throw DocumentError("exec of user \"\(name)\" has no command", at: node, file: file)
                }
                let environment = (node["env"]?.items ?? []).compactMap { entry -> (String, String)? in
                    guard let key = entry["name"]?.text else { return nil }
                    return (key, entry["value"]?.text ?? "")
                }
                // A command with a slash is relative to the kubeconfig, as client-go resolves it.
                let resolved = command.contains("/") && !command.hasPrefix("/") ? directory + "/" + command : command
                exec = ExecConfig(
                    command: resolved, arguments: (node["args"]?.items ?? []).compactMap { $0.text }, environment: environment,
                    apiVersion: node["apiVersion"]?.text ?? "client.authentication.k8s.io/v1",
                    installHint: node["installHint"]?.text)
            }
            config.users[name] = User(
                token: user?["token"]?.text, tokenFile: path(user?["tokenFile"]),
                clientCertificate: path(user?["client-certificate"]),
                clientCertificateData: try data(user?["client-certificate-data"], field: "client-certificate-data"),
                clientKey: path(user?["client-key"]), clientKeyData: try data(user?["client-key-data"], field: "client-key-data"),
                exec: exec)
        }
        for (name, item) in try named("contexts") {
            let context = item["context"]
            config.contexts[name] = Context(
                cluster: context?["cluster"]?.text ?? "", user: context?["user"]?.text ?? "",
                namespace: context?["namespace"]?.text)
        }
        config.currentContext = root["current-context"]?.text
        return config
    }
}
