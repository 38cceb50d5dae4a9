import Foundation
import NIOPosix
import StructuredText

/// A credential plugin of the kubeconfig (client.authentication.k8s.io/v1): run the command the user
/// configured, read the ExecCredential it prints, and keep it until its expirationTimestamp. The
/// command comes from the user's kubeconfig, never from the manifests being checked.
public actor ExecCredentialSource {
    public struct Credential: Sendable {
        public var token: String?
        public var clientCertificatePEM: [UInt8]?
        public var clientKeyPEM: [UInt8]?
        public var expires: Date?
    }

    private let config: KubeConfig.ExecConfig
    private var cached: Credential?

    public init(config: KubeConfig.ExecConfig) {
        self.config = config
    }

    public func credential(now: Date = Date()) async throws -> Credential {
        if let cached, cached.expires.map({ $0 > now.addingTimeInterval(10) }) ?? true { return cached }
        // The plugin runs for as long as it likes (a cloud CLI takes a second or more): on NIO's
        // pool for blocking work, never on a thread that serves requests.
        let config = self.config
        let fresh = try await NIOThreadPool.singleton.runIfActive { try Self.run(config) }
        cached = fresh
        return fresh
    }

    /// Drops the cached credential (after a 401, kubectl runs the plugin again).
    public func invalidate() {
        cached = nil
    }

    static func run(_ config: KubeConfig.ExecConfig) throws -> Credential {
        let process = Process()
        if config.command.contains("/") {
            process.executableURL = URL(fileURLWithPath: config.command)
            process.arguments = config.arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [config.command] + config.arguments
        }
        var environment = ProcessInfo.processInfo.environment
        for (name, value) in config.environment { environment[name] = value }
        environment["KUBERNETES_EXEC_INFO"] = "{\"apiVersion\":\"\(config.apiVersion)\",\"kind\":\"ExecCredential\",\"spec\":{\"interactive\":false}}"
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        let hint = config.installHint.map { "\n\($0)" } ?? ""
        do {
            try process.run()
        } catch {
            throw KubeError.credentials("cannot run the credential plugin \(config.command): \(error)\(hint)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw KubeError.credentials("the credential plugin \(config.command) exited with status \(process.terminationStatus): \(stderr.trimmingCharacters(in: .whitespacesAndNewlines))\(hint)")
        }
        guard let object = JSONDocument.parse(data), object["kind"]?.jsonString == "ExecCredential",
            let status = object["status"], status.pairs != nil
        else {
            throw KubeError.credentials("the credential plugin \(config.command) did not print an ExecCredential with a status")
        }
        var credential = Credential()
        credential.token = status["token"]?.jsonString
        credential.clientCertificatePEM = status["clientCertificateData"]?.jsonString.map { Array($0.utf8) }
        credential.clientKeyPEM = status["clientKeyData"]?.jsonString.map { Array($0.utf8) }
        if let expiry = status["expirationTimestamp"]?.jsonString {
            credential.expires = ISO8601DateFormatter().date(from: expiry)
        }
        guard credential.token != nil || (credential.clientCertificatePEM != nil && credential.clientKeyPEM != nil) else {
            throw KubeError.credentials("the ExecCredential of \(config.command) has neither a token nor a client certificate and key")
        }
        return credential
    }
}
