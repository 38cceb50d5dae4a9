import APIServerDouble
import CertificateFixtures
import Foundation
import IngressModel
import LoopbackFixtures
import ManifestLoader
import Testing
@testable import KubeClient
import StructuredText

/// The client against the API server double, over real TLS on loopback.
@Suite(.serialized) struct KubeAPITests {
    static let fixtures = """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: shop, namespace: shop}
        spec:
          rules:
          - host: shop.example.com
            http:
              paths:
              - {path: /, pathType: Prefix, backend: {service: {name: web, port: {name: http}}}}
          tls: [{hosts: [shop.example.com], secretName: shop-tls}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: shop}
        spec:
          selector: {app: web}
          ports: [{name: http, port: 80, targetPort: http}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: other, namespace: shop}
        spec:
          selector: {app: other}
          ports: [{name: http, port: 80, targetPort: http}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web-a, namespace: shop, labels: {app: web}}
        spec: {containers: [{name: app, ports: [{name: http, containerPort: 8080}]}]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: other-a, namespace: shop, labels: {app: other}}
        spec: {containers: [{name: app}]}
        ---
        apiVersion: v1
        kind: Endpoints
        metadata: {name: web, namespace: shop}
        subsets: [{addresses: [{ip: 10.0.0.1}], ports: [{name: http, port: 8080}]}]
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata: {name: web-1, namespace: shop, labels: {kubernetes.io/service-name: web}}
        addressType: IPv4
        ports: [{name: http, port: 8080}]
        endpoints: [{addresses: [10.0.0.1]}]
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: shop-tls, namespace: shop}
        type: kubernetes.io/tls
        data: {tls.crt: "", tls.key: ""}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: db-password, namespace: shop}
        type: Opaque
        data: {password: c2VjcmV0}
        ---
        apiVersion: networking.k8s.io/v1
        kind: IngressClass
        metadata: {name: nginx}
        spec: {controller: k8s.io/ingress-nginx}
        """

    static func start(_ configure: (inout APIServerDouble.Configuration) -> Void = { _ in }) async throws -> APIServerDouble {
        var configuration = APIServerDouble.Configuration()
        configuration.tokens = ["good-token": "alice"]
        configure(&configuration)
        let server = APIServerDouble(configuration: configuration)
        try server.store.load(yaml: fixtures, file: "fixtures.yaml")
        try await server.start()
        return server
    }

    static func connection(_ server: APIServerDouble, token: String? = "good-token", user: String = "tester") throws -> ClusterConnection {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kube-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("config")
        try server.kubeconfig(token: token, user: user, directory: directory).write(to: file, atomically: true, encoding: .utf8)
        return try ClusterConnection.resolve(kubeconfig: file.path, context: nil, environment: [:])
    }

    @Test func listsEveryPageWithTokenAuth() async throws {
        let server = try await Self.start { $0.maximumPage = 1 }
        let api = try await KubeAPI.make(try Self.connection(server), pageSize: 1)
        let result = try await api.list(.services, namespace: nil)
        await api.shutdown()
        await server.stop()
        #expect(result.pages.count == 2)
        #expect(server.requests.filter { $0.contains("/api/v1/services") }.count == 2)
        #expect(server.requests.contains { $0.hasPrefix("alice GET /api/v1/services?limit=1&continue=") })
    }

    @Test func largeListsArriveGzippedAndDecoded() async throws {
        let server = try await Self.start()
        for index in 0..<200 {
            try server.store.apply([
                "apiVersion": "v1", "kind": "Service", "metadata": ["name": "bulk-\(index)", "namespace": "bulk"],
                "spec": ["ports": [["port": 80]]],
            ])
        }
        let api = try await KubeAPI.make(try Self.connection(server))
        let result = try await api.list(.services, namespace: "bulk")
        await api.shutdown()
        await server.stop()
        #expect(server.gzippedResponses >= 1)
        let parts = RawJSON.listParts(Array(result.pages[0].readableBytesView))
        #expect(parts?.items.count == 200)
    }

    @Test func clientCertificateAuthenticates() async throws {
        let server = try await Self.start()
        let api = try await KubeAPI.make(try Self.connection(server, token: nil, user: "carol"))
        let result = try await api.list(.ingresses, namespace: "shop")
        await api.shutdown()
        await server.stop()
        #expect(result.pages.count == 1)
        #expect(server.requests.contains { $0.hasPrefix("carol GET /apis/networking.k8s.io/v1/namespaces/shop/ingresses") })
    }

    @Test func unauthorizedAndForbiddenSayWhatToFix() async throws {
        let server = try await Self.start { $0.permissions = ["alice": ["ingresses"]] }
        let wrong = try await KubeAPI.make(try Self.connection(server, token: "bad-token"))
        await #expect {
            _ = try await wrong.list(.ingresses, namespace: nil)
        } throws: { error in
            "\(error)".contains("rejected the credentials of user \"tester\"") && "\(error)".contains("401 Unauthorized")
        }
        await wrong.shutdown()
        let api = try await KubeAPI.make(try Self.connection(server))
        _ = try await api.list(.ingresses, namespace: nil)
        await #expect {
            _ = try await api.list(.services, namespace: "shop")
        } throws: { error in
            let text = "\(error)"
            return text.contains("User \"alice\" cannot list resource \"services\" in API group \"\" in the namespace \"shop\"")
                && text.contains("a Role in namespace shop rule {apiGroups: [\"\"], resources: [\"services\"], verbs: [\"list\"]}")
        }
        await api.shutdown()
        await server.stop()
    }

    @Test func retriesThrottlingAndServerErrorsThenGivesUp() async throws {
        let server = try await Self.start()
        let api = try await KubeAPI.make(try Self.connection(server))
        server.failNext([429, 503], retryAfter: 0)
        let result = try await api.list(.ingresses, namespace: nil)
        #expect(result.pages.count == 1)
        #expect(server.requests.filter { $0.contains("/ingresses") }.count == 3)
        server.failNext([500, 500, 500, 500, 500])
        await #expect {
            _ = try await api.list(.ingresses, namespace: nil)
        } throws: { error in
            "\(error)".contains("failed with 500")
        }
        await api.shutdown()
        await server.stop()
    }

    @Test func unreachableServerIsOneClearError() async throws {
        let server = try await Self.start()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kube-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("config")
        try RefusingPort.kubeconfig(server.kubeconfig(token: "good-token", directory: directory))
            .write(to: file, atomically: true, encoding: .utf8)
        await server.stop()
        let api = try await KubeAPI.make(try ClusterConnection.resolve(kubeconfig: file.path, context: nil, environment: [:]))
        await #expect {
            _ = try await api.list(.ingresses, namespace: nil)
        } throws: { error in
            "\(error)".hasPrefix("cannot reach the API server at https://127.0.0.1:")
        }
        await api.shutdown()
    }

    /// The certificate is checked against the kubeconfig's CA and the server's address, or the
    /// name in tls-server-name when set; a mismatch says what to check.
    @Test func theServersCertificateIsVerifiedByNameAndAuthority() async throws {
        let server = try await Self.start { $0.certificateIPAddresses = [] }
        var named = try Self.connection(server)
        named.tlsServerName = "kubernetes.default.svc"
        let api = try await KubeAPI.make(named)
        #expect(try await api.list(.ingresses, namespace: nil).pages.count == 1)
        await api.shutdown()
        var otherAuthority = named
        otherAuthority.certificateAuthorityPEM = Array(CertificateFixtures.makeServingPKI(dnsNames: ["localhost"]).caPEM.utf8)
        for connection in [try Self.connection(server), otherAuthority] {
            let refused = try await KubeAPI.make(connection)
            await #expect {
                _ = try await refused.list(.ingresses, namespace: nil)
            } throws: { error in
                "\(error)".contains("TLS failed") && "\(error)".contains("check certificate-authority")
            }
            await refused.shutdown()
        }
        await server.stop()
    }

    @Test func execPluginRunsOnceUntilItsCredentialExpires() async throws {
        let server = try await Self.start()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("exec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let counter = directory.appendingPathComponent("runs")
        let script = directory.appendingPathComponent("credential.sh")
        try """
            #!/bin/sh
            echo run >> "\(counter.path)"
            test -n "$KUBERNETES_EXEC_INFO" || exit 3
            printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"good-token","expirationTimestamp":"%s"}}' "$EXPIRY"
            """.write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        var connection = try Self.connection(server)
        let future = ISO8601DateFormatter().string(from: Date().addingTimeInterval(3600))
        connection.credential = .exec(KubeConfig.ExecConfig(
            command: script.path, arguments: [], environment: [("EXPIRY", future)], apiVersion: "client.authentication.k8s.io/v1", installHint: nil))
        let api = try await KubeAPI.make(connection)
        _ = try await api.list(.ingresses, namespace: nil)
        _ = try await api.list(.services, namespace: nil)
        await api.shutdown()
        #expect(try String(contentsOf: counter, encoding: .utf8).split(separator: "\n").count == 1)
        // An expired credential is fetched again before each use.
        let past = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-60))
        connection.credential = .exec(KubeConfig.ExecConfig(
            command: script.path, arguments: [], environment: [("EXPIRY", past)], apiVersion: "client.authentication.k8s.io/v1", installHint: "install it"))
        let expiring = try await KubeAPI.make(connection)
        _ = try await expiring.list(.ingresses, namespace: nil)
        await expiring.shutdown()
        #expect(try String(contentsOf: counter, encoding: .utf8).split(separator: "\n").count == 3)
        // A failing plugin: its status, its stderr and the install hint.
        connection.credential = .exec(KubeConfig.ExecConfig(
            command: "/bin/false", arguments: [], environment: [], apiVersion: "client.authentication.k8s.io/v1", installHint: "see the docs"))
        await #expect {
            _ = try await KubeAPI.make(connection)
        } throws: { error in
            "\(error)".contains("exited with status 1") && "\(error)".contains("see the docs")
        }
        await server.stop()
    }

    @Test func readerListsConcurrentlyAndOnlyWhatItNeeds() async throws {
        let server = try await Self.start()
        let api = try await KubeAPI.make(try Self.connection(server))
        let read = try await ClusterReader(api: api).read(namespace: nil)
        await api.shutdown()
        await server.stop()
        let kinds = read.load.objects.map(\.ref.kind)
        #expect(kinds.filter { $0 == "Secret" }.count == 1, "only TLS Secrets: \(kinds)")
        #expect(kinds.contains("EndpointSlice") && !kinds.contains("Endpoints"))
        // Only the pods behind the Service the Ingress reaches by a named targetPort.
        #expect(read.load.objects.filter { $0.ref.kind == "Pod" }.map(\.ref.name) == ["web-a"])
        #expect(server.requests.contains { $0.contains("fieldSelector=type%3Dkubernetes.io/tls") || $0.contains("fieldSelector=type%3Dkubernetes.io%2Ftls") }, "\(server.requests)")
        #expect(server.requests.contains { $0.contains("/api/v1/namespaces/shop/pods?") && $0.contains("labelSelector=app%3Dweb") }, "\(server.requests)")
        // Live objects get kind and apiVersion back and load without findings of their own.
        #expect(read.load.issues.isEmpty, "\(read.load.issues.map(\.message))")
        #expect(read.load.objects.first { $0.ref.kind == "Ingress" }?.source.file == "k8s://double/shop/Ingress/shop")
    }

    @Test func endpointsStandInForEndpointSlicesOnOldServers() async throws {
        let server = try await Self.start { $0.servesEndpointSlices = false }
        let api = try await KubeAPI.make(try Self.connection(server))
        let read = try await ClusterReader(api: api).read(namespace: "shop")
        await api.shutdown()
        await server.stop()
        #expect(read.notes.contains { $0.contains("read v1 Endpoints instead") })
        #expect(read.load.objects.contains { $0.ref.kind == "Endpoints" })
    }
}
