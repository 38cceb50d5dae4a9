import Foundation
import Testing

/// The whole admission path with the real kubectl: `kubectl apply` sends the Ingress to the API
/// server double, which calls the webhook registered by a ValidatingWebhookConfiguration (by URL,
/// verifying the certificate `webhook certs --extra-name 127.0.0.1` made) and answers kubectl as
/// the API server does. The webhook's state is the double's, read and watched.
@Suite(.serialized) struct WebhookKubectlTests {
    /// The default class, and two Services: `api` with a ready endpoint, `batch` with none ready.
    static var fixtures: String {
        var text = """
            apiVersion: networking.k8s.io/v1
            kind: IngressClass
            metadata:
              name: nginx
              annotations: {ingressclass.kubernetes.io/is-default-class: "true"}
            spec: {controller: k8s.io/ingress-nginx}

            """
        for (index, (name, ready)) in [("api", true), ("batch", false)].enumerated() {
            text += """
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: \(name), namespace: shop}
                spec: {selector: {app: \(name)}, ports: [{name: http, port: 80, targetPort: 8080}]}
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata: {name: \(name)-1, namespace: shop, labels: {kubernetes.io/service-name: \(name)}}
                addressType: IPv4
                ports: [{name: http, port: 8080}]
                endpoints: [{addresses: [10.0.0.\(index + 1)], conditions: {ready: \(ready)}}]

                """
        }
        return text
    }

    static func ingress(name: String, paths: [(String, String)]) -> String {
        """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: \(name), namespace: shop}
        spec:
          rules:
          - host: shop.example.com
            http:
              paths:
        \(paths.map { "      - {path: \($0.0), pathType: Prefix, backend: {service: {name: \($0.1), port: {number: 80}}}}" }.joined(separator: "\n"))

        """
    }

    /// Runs where kubectl is installed, as the other kubectl tests (`.ci/run` installs it when
    /// Debian offers it).
    @Test(.enabled(if: Kubectl.available)) func kubectlApplyShowsTheWebhooksDenialAndWarnings() throws {
        let server = try APIServerProcess(fixtures: [try APIServerProcess.fixture(Self.fixtures)])
        let directory = try CLIRunner.temporaryDirectory()
        let certificates = directory.appendingPathComponent("certs")
        let made = try CLIRunner.run([
            "webhook", "certs", "--service", "ingress-guard", "--namespace", "ingress-guard-system", "--extra-name", "127.0.0.1", "--out", certificates.path,
        ])
        #expect(made.status == 0, "\(made.stderr)")
        let webhook = try WebhookTests.WebhookProcess(
            ["--kubeconfig", server.kubeconfig], certificate: certificates.appendingPathComponent("tls.crt").path,
            key: certificates.appendingPathComponent("tls.key").path)
        defer { if webhook.process.isRunning { _ = webhook.stop() } }
        #expect(webhook.waitUntilReady())

        func apply(_ name: String, _ text: String, _ extra: [String] = []) throws -> (status: Int32, stdout: String, stderr: String) {
            let file = directory.appendingPathComponent(name)
            try text.write(to: file, atomically: true, encoding: .utf8)
            // No OpenAPI document in the double: kubectl's own schema check is off, the server's is the webhook.
            return try Kubectl.run(["apply", "--validate=false", "-f", file.path] + extra, kubeconfig: server.kubeconfig)
        }

        let registration = """
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingWebhookConfiguration
            metadata: {name: ingress-guard}
            webhooks:
            - name: validate.ingress-guard.io
              admissionReviewVersions: [v1]
              sideEffects: None
              failurePolicy: Fail
              timeoutSeconds: 5
              rules: [{operations: [CREATE, UPDATE], apiGroups: [networking.k8s.io], apiVersions: [v1], resources: [ingresses]}]
              clientConfig:
                url: https://127.0.0.1:\(webhook.port)/validate
                caBundle: \(made.stdout.trimmingCharacters(in: .whitespacesAndNewlines))

            """
        let registered = try apply("webhook.yaml", registration)
        #expect(registered.status == 0, "\(registered.stderr)")
        #expect(registered.stdout.contains("validatingwebhookconfiguration.admissionregistration.k8s.io/ingress-guard created"))

        // A backend Service that does not exist: denied, in kubectl's words.
        let bad = directory.appendingPathComponent("ingress.yaml").path
        let denied = try apply("ingress.yaml", Self.ingress(name: "example", paths: [("/", "api"), ("/v2", "api-v2")]))
        #expect(denied.status == 1)
        #expect(denied.stderr == """
            Error from server (Forbidden): error when creating "\(bad)": ingresses.networking.k8s.io "example" is forbidden: \
            admission webhook "validate.ingress-guard.io" denied the request: ingress-guard found 1 problem in Ingress shop/example: \
            [service-not-found] spec.rules[0].http.paths[1].backend.service.name: Service shop/api-v2 is not in the cluster

            """)

        // Fixed, with a second path to a Service whose only endpoint is not ready: created, with
        // the webhook's warning printed by kubectl.
        let created = try apply("ingress.yaml", Self.ingress(name: "example", paths: [("/", "api"), ("/batch", "batch")]))
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("ingress.networking.k8s.io/example created"))
        #expect(created.stderr.contains("Warning: [service-no-endpoints] Service shop/batch port http has no ready endpoint (its 1 endpoint is not ready)"), "\(created.stderr)")

        // The webhook learns of the new Ingress by its watch: another Ingress sending the same
        // host and path elsewhere is then denied (a server dry run until the watch has delivered it).
        var conflict = try apply("other.yaml", Self.ingress(name: "other", paths: [("/", "batch")]), ["--dry-run=server"])
        let deadline = Date().addingTimeInterval(60)
        while conflict.status == 0, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.1)
            conflict = try apply("other.yaml", Self.ingress(name: "other", paths: [("/", "batch")]), ["--dry-run=server"])
        }
        #expect(conflict.status == 1)
        #expect(conflict.stderr.contains("ingresses.networking.k8s.io \"other\" is forbidden: admission webhook \"validate.ingress-guard.io\" denied the request"), "\(conflict.stderr)")
        #expect(conflict.stderr.contains("[host-path-conflict]") && conflict.stderr.contains("shop/example"), "\(conflict.stderr)")
        let listed = try Kubectl.run(["get", "ingresses", "-n", "shop", "-o", "name"], kubeconfig: server.kubeconfig)
        #expect(listed.stdout == "ingress.networking.k8s.io/example\n")
        #expect(webhook.lines.contains("\"dryRun\":true"))

        // failurePolicy Fail: with the webhook gone, creates fail rather than pass unchecked.
        #expect(webhook.stop() == 0)
        let unreachable = try apply("later.yaml", Self.ingress(name: "later", paths: [("/later", "api")]))
        #expect(unreachable.status == 1)
        #expect(unreachable.stderr.contains("Error from server (InternalError): error when creating"), "\(unreachable.stderr)")
        #expect(unreachable.stderr.contains("failed calling webhook \"validate.ingress-guard.io\""), "\(unreachable.stderr)")
    }
}
