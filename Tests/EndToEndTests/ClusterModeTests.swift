import CertificateFixtures
import Foundation
import LoopbackFixtures
import Testing

/// `--cluster`, `--snapshot`, `snapshot`, `--probe` and `proxy --cluster` against the API server
/// double, which the real kubectl reads too.
@Suite(.serialized) struct ClusterModeTests {
    static func cluster(certificate: (certificate: String, key: String)) -> String {
        """
        apiVersion: networking.k8s.io/v1
        kind: IngressClass
        metadata:
          name: nginx
          annotations: {ingressclass.kubernetes.io/is-default-class: "true"}
        spec: {controller: k8s.io/ingress-nginx}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: shop, namespace: shop}
        spec:
          tls: [{hosts: [shop.example.com], secretName: shop-tls}]
          rules:
          - host: shop.example.com
            http:
              paths:
              - {path: /, pathType: Prefix, backend: {service: {name: web, port: {name: http}}}}
              - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: legacy, namespace: ops}
        spec:
          rules:
          - host: ops.example.com
            http:
              paths:
              - {path: /, pathType: Prefix, backend: {service: {name: gone, port: {number: 80}}}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: shop}
        spec:
          selector: {app: web}
          ports: [{name: http, port: 80, targetPort: http}]
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata: {name: web-1, namespace: shop, labels: {kubernetes.io/service-name: web}}
        addressType: IPv4
        ports: [{name: http, port: 8080}]
        endpoints: [{addresses: [10.0.0.1], targetRef: {kind: Pod, name: web-a}}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web-a, namespace: shop, labels: {app: web}}
        spec: {containers: [{name: app, ports: [{name: http, containerPort: 8080}]}]}
        status: {conditions: [{type: Ready, status: "True"}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: api, namespace: shop}
        spec:
          selector: {app: api}
          ports: [{port: 80, targetPort: 8080}]
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata: {name: api-1, namespace: shop, labels: {kubernetes.io/service-name: api}}
        addressType: IPv4
        ports: [{name: "", port: 8080}]
        endpoints: [{addresses: [10.0.0.2], conditions: {ready: false}}]
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: shop-tls, namespace: shop}
        type: kubernetes.io/tls
        data:
          tls.crt: \(CertificateFixtures.base64(certificate.certificate))
          tls.key: \(CertificateFixtures.base64(certificate.key))
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: db, namespace: shop}
        type: Opaque
        data: {password: c2VjcmV0}
        """
    }

    /// The pull request: /cart goes to a Service that does not exist yet.
    static let change = """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: shop, namespace: shop}
        spec:
          tls: [{hosts: [shop.example.com], secretName: shop-tls}]
          rules:
          - host: shop.example.com
            http:
              paths:
              - {path: /, pathType: Prefix, backend: {service: {name: web, port: {name: http}}}}
              - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}
              - {path: /cart, pathType: Prefix, backend: {service: {name: cart, port: {number: 80}}}}
        """

    static func server() throws -> APIServerProcess {
        let material = try OpenSSLCertificate.make(host: "shop.example.com")
        return try APIServerProcess(fixtures: [try APIServerProcess.fixture(cluster(certificate: material))])
    }

    @Test(.enabled(if: Kubectl.available)) func kubectlAndTheClientSeeTheSameObjects() throws {
        let server = try Self.server()
        let listed = try Kubectl.run(["get", "ingress", "-A", "-o", "json"], kubeconfig: server.kubeconfig)
        #expect(listed.status == 0, "\(listed.stderr)")
        let items = ((try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any])?["items"] as? [[String: Any]]) ?? []
        let kubectlView = Set(items.map { item -> String in
            let metadata = item["metadata"] as? [String: Any] ?? [:]
            return "\(metadata["namespace"] ?? "")/\(metadata["name"] ?? "")@\(metadata["resourceVersion"] ?? "")"
        })
        #expect(kubectlView.count == 2)
        // Paginated raw list calls, as the client makes them.
        let first = try Kubectl.run(["get", "--raw", "/api/v1/services?limit=1"], kubeconfig: server.kubeconfig)
        let page = try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any]
        let token = (page?["metadata"] as? [String: Any])?["continue"] as? String
        #expect((page?["items"] as? [Any])?.count == 1)
        #expect(token != nil)
        let second = try Kubectl.run(["get", "--raw", "/api/v1/services?limit=1&continue=\(token ?? "")"], kubeconfig: server.kubeconfig)
        let rest = try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any]
        #expect((rest?["items"] as? [Any])?.count == 1)
        #expect((rest?["metadata"] as? [String: Any])?["continue"] == nil)
        let secrets = try Kubectl.run(["get", "--raw", "/api/v1/secrets?fieldSelector=type%3Dkubernetes.io%2Ftls"], kubeconfig: server.kubeconfig)
        #expect(secrets.stdout.contains("shop-tls") && !secrets.stdout.contains("\"db\""))
        // ingress-guard's own reading, through its snapshot.
        let output = try CLIRunner.temporaryDirectory().appendingPathComponent("snapshot.yaml")
        let snapshot = try CLIRunner.run(["snapshot", "--kubeconfig", server.kubeconfig, "-o", output.path])
        #expect(snapshot.status == 0, "\(snapshot.stderr)")
        let documents = try String(contentsOf: output, encoding: .utf8).components(separatedBy: "\n---\n").dropFirst()
        let clientView = Set(documents.compactMap { document -> String? in
            let json = document.split(separator: "\n").filter { !$0.hasPrefix("#") }.joined(separator: "\n")
            guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], object["kind"] as? String == "Ingress" else { return nil }
            let metadata = object["metadata"] as? [String: Any] ?? [:]
            return "\(metadata["namespace"] ?? "")/\(metadata["name"] ?? "")@\(metadata["resourceVersion"] ?? "")"
        })
        #expect(clientView == kubectlView)
    }

    @Test func filesAreLaidOverTheClusterAndFindingsPointAtTheirSource() throws {
        let server = try Self.server()
        // The test certificate lives 30 days: keep tls-cert-expiring out of this test.
        let live = try CLIRunner.run(["lint", "--cluster", "--kubeconfig", server.kubeconfig, "--expiry-days", "7"])
        #expect(live.status == 1, "\(live.stdout)\(live.stderr)")
        #expect(live.stderr.contains("note: checked against cluster context double (all namespaces, "))
        #expect(live.stdout.contains("k8s://double/ops/Ingress/legacy:"), "\(live.stdout)")
        #expect(live.stdout.contains("error[service-not-found]: Service ops/gone is not in the cluster (nor in the files)"), "\(live.stdout)")
        #expect(live.stdout.contains("error[service-no-endpoints]: Service shop/api port 80 has no ready endpoint (its 1 endpoint is not ready)"), "\(live.stdout)")
        #expect(!live.stdout.contains("tls-"), "the cluster's certificate is fine: \(live.stdout)")

        let file = try CLIRunner.temporaryDirectory().appendingPathComponent("shop-ingress.yaml")
        try Self.change.write(to: file, atomically: true, encoding: .utf8)
        let laid = try CLIRunner.run(["lint", "--cluster", "--kubeconfig", server.kubeconfig, file.path, "--format", "json"])
        #expect(laid.status == 1)
        let report = try JSONSerialization.jsonObject(with: Data(laid.stdout.utf8)) as? [String: Any]
        let findings = report?["diagnostics"] as? [[String: Any]] ?? []
        func located(_ rule: String) -> [String] {
            findings.filter { $0["rule"] as? String == rule }.map { finding in
                let location = finding["location"] as? [String: Any] ?? [:]
                return "\(location["file"] ?? ""):\(location["line"] ?? 0)"
            }
        }
        #expect(located("service-not-found").sorted() == ["\(file.path):12", "k8s://double/ops/Ingress/legacy:20"].sorted(), "\(located("service-not-found"))")
        #expect(located("service-no-endpoints") == ["\(file.path):11"], "\(located("service-no-endpoints"))")
        // The file replaced the cluster's shop Ingress: it is not a duplicate of it.
        #expect(located("duplicate-object").isEmpty)
    }

    @Test func snapshotKeepsNoPrivateKeyAndLintsTheSameOffline() throws {
        let server = try Self.server()
        let output = try CLIRunner.temporaryDirectory().appendingPathComponent("state.yaml")
        let written = try CLIRunner.run(["snapshot", "--kubeconfig", server.kubeconfig, "--output", output.path])
        #expect(written.status == 0, "\(written.stderr)")
        let text = try String(contentsOf: output, encoding: .utf8)
        let decoded = text.split(separator: "\"").compactMap { Data(base64Encoded: String($0)) }.map { String(decoding: $0, as: UTF8.self) }.joined()
        for label in ["BEGIN PRIVATE KEY", "BEGIN EC PRIVATE KEY", "BEGIN RSA PRIVATE KEY", "BEGIN ENCRYPTED PRIVATE KEY"] {
            #expect(!decoded.contains(label) && !text.contains(label), "a private key was written (\(label))")
        }
        #expect(decoded.contains("BEGIN INGRESS-GUARD PUBLIC KEY SHA256"))
        #expect(!text.contains("\"db\""), "only TLS Secrets are read")

        let live = try CLIRunner.run(["lint", "--cluster", "--kubeconfig", server.kubeconfig, "--format", "json"])
        let offline = try CLIRunner.run(["lint", "--snapshot", output.path, "--format", "json"])
        func rules(_ outcome: CLIRunner.Outcome) -> [String] {
            let report = try? JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
            return ((report?["diagnostics"] as? [[String: Any]]) ?? []).map { "\($0["rule"] ?? "") \($0["message"] ?? "")" }.sorted()
        }
        #expect(offline.status == live.status)
        #expect(rules(offline) == rules(live))
        #expect(!rules(live).isEmpty)

        // explain and verify read the same state, live and offline.
        for source in [["--snapshot", output.path], ["--cluster", "--kubeconfig", server.kubeconfig]] {
            let explained = try CLIRunner.run(["explain"] + source + ["https://shop.example.com/api/v1"])
            #expect(explained.status == 0, "\(explained.stdout)\(explained.stderr)")
            #expect(explained.stdout.contains("shop/api:80"), "\(explained.stdout)")
            let expectations = try CLIRunner.temporaryDirectory().appendingPathComponent("expect.yaml")
            try "expectations:\n  - {request: GET https://shop.example.com/, backend: shop/web:http}\n  - {request: GET https://shop.example.com/api, status: 503}\n"
                .write(to: expectations, atomically: true, encoding: .utf8)
            let verified = try CLIRunner.run(["verify"] + source + ["--expect", expectations.path])
            #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        }
    }

    @Test func aKeyThatDoesNotMatchIsFoundLiveAndInTheSnapshot() throws {
        let first = try OpenSSLCertificate.make(host: "shop.example.com")
        let second = try OpenSSLCertificate.make(host: "shop.example.com")
        let server = try APIServerProcess(fixtures: [try APIServerProcess.fixture(Self.cluster(certificate: (first.certificate, second.key)))])
        let live = try CLIRunner.run(["lint", "--cluster", "--kubeconfig", server.kubeconfig])
        #expect(live.stdout.contains("[tls-key-mismatch]"), "\(live.stdout)")
        let output = try CLIRunner.temporaryDirectory().appendingPathComponent("state.yaml")
        _ = try CLIRunner.run(["snapshot", "--kubeconfig", server.kubeconfig, "--output", output.path])
        let offline = try CLIRunner.run(["lint", "--snapshot", output.path])
        #expect(offline.stdout.contains("[tls-key-mismatch]"), "\(offline.stdout)")
    }

    @Test func probeAndProxyReachTheEndpointsOfTheCluster() throws {
        let backend = try PythonHTTPBackend(handler: """
            import http.server
            class H(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    body = b"pod answered " + self.path.encode()
                    self.send_response(404 if self.path == "/missing" else 200); self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
                def log_message(self, *a): pass
            """)
        defer { backend.stop() }
        let up = backend.port
        let down = try RefusingPort.reserve()
        let fixtures = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: shop, namespace: shop}
            spec:
              rules:
              - host: shop.example.com
                http:
                  paths:
                  - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
                  - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}

            """ + [("web", up), ("api", down)].map { name, port in
                """
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: \(name), namespace: shop}
                spec: {selector: {app: \(name)}, ports: [{port: 80, targetPort: \(port)}]}
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata: {name: \(name)-1, namespace: shop, labels: {kubernetes.io/service-name: \(name)}}
                addressType: IPv4
                ports: [{name: "", port: \(port)}]
                endpoints: [{addresses: [127.0.0.1]}]

                """
            }.joined()
        let server = try APIServerProcess(fixtures: [try APIServerProcess.fixture(fixtures)])
        let probed = try CLIRunner.run(["lint", "--cluster", "--kubeconfig", server.kubeconfig, "--probe"])
        #expect(probed.status == 1)
        let unreachable = probed.stdout.split(separator: "\n").filter { $0.contains("[backend-unreachable]") }
        #expect(unreachable.count == 1, "\(probed.stdout)")
        #expect(unreachable.first?.contains("Service shop/api port 80 did not answer") == true, "\(probed.stdout)")
        #expect(unreachable.first?.contains("connection refused") == true, "\(probed.stdout)")
        let plain = try CLIRunner.run(["lint", "--cluster", "--kubeconfig", server.kubeconfig])
        #expect(!plain.stdout.contains("backend-unreachable"))

        let proxy = try ProxyProcess(["--cluster", "--kubeconfig", server.kubeconfig])
        let answered = try Curl.get(proxy.baseURL, host: "shop.example.com", path: "/orders")
        #expect(answered.status == 200)
        #expect(answered.body == "pod answered /orders")
        #expect(try Curl.get(proxy.baseURL, host: "shop.example.com", path: "/api/x").status == 502)
        #expect(proxy.stop() == 0)
    }

    @Test func anUnreachableClusterIsOneLineAndExitTwo() throws {
        let server = try Self.server()
        let kubeconfig = server.kubeconfig + ".down"
        try RefusingPort.kubeconfig(String(contentsOfFile: server.kubeconfig, encoding: .utf8))
            .write(toFile: kubeconfig, atomically: true, encoding: .utf8)
        let outcome = try CLIRunner.run(["lint", "--cluster", "--kubeconfig", kubeconfig])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("cannot reach the API server at https://127.0.0.1:"), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        let missing = try CLIRunner.run(["lint", "--cluster", "--kubeconfig", "/nonexistent/config"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("kubeconfig /nonexistent/config does not exist"))
        let both = try CLIRunner.run(["lint", "--cluster", "--snapshot", "x.yaml"])
        #expect(both.status == 2)
    }
}
