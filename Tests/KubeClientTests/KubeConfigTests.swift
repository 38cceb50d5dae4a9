import Foundation
import Testing
@testable import KubeClient

/// Kubeconfig reading and merging, as kubectl does it.
@Suite struct KubeConfigTests {
    func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kubeconfig-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func filesOfKUBECONFIGMergeFirstWins() throws {
        let dir = try directory()
        try """
            clusters:
            - name: shared
              cluster: {server: "https://first.example:6443", certificate-authority: certs/ca.crt}
            users:
            - name: me
              user: {token: first-token}
            contexts:
            - name: one
              context: {cluster: shared, user: me, namespace: shop}
            """.write(to: dir.appendingPathComponent("a"), atomically: true, encoding: .utf8)
        try """
            current-context: two
            clusters:
            - name: shared
              cluster: {server: "https://second.example:6443"}
            - name: other
              cluster: {server: "https://other.example"}
            users:
            - name: me
              user: {token: second-token}
            contexts:
            - name: two
              context: {cluster: other, user: me}
            """.write(to: dir.appendingPathComponent("b"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("certs"), withIntermediateDirectories: true)
        try "ca".write(to: dir.appendingPathComponent("certs/ca.crt"), atomically: true, encoding: .utf8)
        let list = [dir.appendingPathComponent("a").path, dir.appendingPathComponent("missing").path, dir.appendingPathComponent("b").path]
        let environment = ["KUBECONFIG": list.joined(separator: ":"), "HOME": dir.path]
        let current = try ClusterConnection.resolve(kubeconfig: nil, context: nil, environment: environment)
        #expect(current.contextName == "two")
        #expect(current.server.absoluteString == "https://other.example")
        guard case .token(let token) = current.credential else { throw Failure("expected a token") }
        #expect(token == "first-token")
        #expect(current.namespace == "default")
        let one = try ClusterConnection.resolve(kubeconfig: nil, context: "one", environment: environment)
        #expect(one.server.absoluteString == "https://first.example:6443")
        #expect(one.namespace == "shop")
        // certificate-authority is relative to the file that names it.
        #expect(one.certificateAuthorityPEM == Array("ca".utf8))
    }

    @Test func clearErrorsForBrokenConfigurations() throws {
        let dir = try directory()
        let file = dir.appendingPathComponent("config")
        try "clusters:\n- name: c\n  cluster: {server: https://x}\ncontexts:\n- name: c\n  context: {cluster: nope, user: u}\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: ClusterConnection.ResolveError.self) { try ClusterConnection.resolve(kubeconfig: file.path, context: nil, environment: [:]) }
        do {
            _ = try ClusterConnection.resolve(kubeconfig: file.path, context: "c", environment: [:])
        } catch {
            #expect("\(error)".contains("names cluster \"nope\""), "\(error)")
        }
        do {
            _ = try ClusterConnection.resolve(kubeconfig: file.path, context: "x", environment: [:])
        } catch {
            #expect("\(error)".contains("context \"x\" is not in the kubeconfig (known: c)"), "\(error)")
        }
        try "clusters: [\n".write(to: file, atomically: true, encoding: .utf8)
        do {
            _ = try ClusterConnection.resolve(kubeconfig: file.path, context: nil, environment: [:])
        } catch {
            #expect("\(error)".hasPrefix(file.path + ":"), "\(error)")
        }
        do {
            _ = try ClusterConnection.resolve(kubeconfig: nil, context: nil, environment: ["HOME": dir.appendingPathComponent("empty").path])
        } catch {
            #expect("\(error)".contains("no kubeconfig"), "\(error)")
        }
    }

    @Test func inClusterServiceAccount() throws {
        let dir = try directory()
        try "sa-token\n".write(to: dir.appendingPathComponent("token"), atomically: true, encoding: .utf8)
        try "ops".write(to: dir.appendingPathComponent("namespace"), atomically: true, encoding: .utf8)
        try "CA".write(to: dir.appendingPathComponent("ca.crt"), atomically: true, encoding: .utf8)
        let connection = try ClusterConnection.resolve(kubeconfig: nil, context: nil, environment: [
            "HOME": dir.appendingPathComponent("nohome").path, "KUBERNETES_SERVICE_HOST": "fd00::1", "KUBERNETES_SERVICE_PORT": "443",
            "INGRESS_GUARD_SERVICE_ACCOUNT_DIR": dir.path,
        ])
        #expect(connection.server.absoluteString == "https://[fd00::1]:443")
        #expect(connection.namespace == "ops")
        #expect(connection.certificateAuthorityPEM == Array("CA".utf8))
        guard case .tokenFile(let path) = connection.credential else { throw Failure("expected the token file") }
        #expect(path == dir.path + "/token")
    }
}

struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
