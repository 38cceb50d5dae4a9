import CertificateFixtures
import Foundation
import LoopbackFixtures
import Testing

/// `ingress-guard webhook` as a process over real TLS, its state read from the API server double,
/// spoken to by curl and Python's TLS client, both verifying its certificate against a CA made here.
@Suite(.serialized) struct WebhookTests {
    static let serviceName = "ingress-guard.ingress-guard-system.svc"
    static var specDirectory: String {
        CLIRunner.repositoryRoot.appendingPathComponent("Tests/Fixtures/admission").path
    }

    /// The cluster the admissions are checked against: the Ingress of the spec's examples as it is
    /// before the UPDATE, its Services with ready endpoints, its TLS Secret, and a Service whose
    /// endpoint is not ready.
    static func cluster() throws -> String {
        let material = try OpenSSLCertificate.make(host: "shop.example.com")
        var text = """
            apiVersion: networking.k8s.io/v1
            kind: IngressClass
            metadata: {name: example-class}
            spec: {controller: k8s.io/ingress-nginx}
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: example, namespace: shop}
            spec:
              ingressClassName: example-class
              tls: [{hosts: [shop.example.com], secretName: shop-tls}]
              rules:
              - host: shop.example.com
                http:
                  paths:
                  - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
                  - {path: /api, pathType: Exact, backend: {service: {name: api, port: {name: http}}}}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: shop-tls, namespace: shop}
            type: kubernetes.io/tls
            data:
              tls.crt: \(CertificateFixtures.base64(material.certificate))
              tls.key: \(CertificateFixtures.base64(material.key))

            """
        for (name, port, portName, ready) in [("web", 80, "", true), ("api", 8080, "http", true), ("batch", 80, "", false)] {
            text += """
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: \(name), namespace: shop}
                spec: {selector: {app: \(name)}, ports: [{name: "\(portName)", port: \(port)}]}
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata: {name: \(name)-1, namespace: shop, labels: {kubernetes.io/service-name: \(name)}}
                addressType: IPv4
                ports: [{name: "\(portName)", port: 8080}]
                endpoints: [{addresses: [10.0.0.9], conditions: {ready: \(ready)}}]

                """
        }
        return text
    }

    @Test func allowsDeniesWarnsAndNeverConflictsWithItsOwnOldVersion() throws {
        let server = try APIServerProcess(fixtures: [try APIServerProcess.fixture(Self.cluster())])
        let material = try Material()
        let webhook = try WebhookProcess(["--kubeconfig", server.kubeconfig], material: material)
        #expect(webhook.waitUntilReady())

        let create = try Self.post(webhook, material: material, body: try Self.review("ingress-create-request.json"))
        #expect(create.status == 200, "\(create.text)")
        #expect(create.json?["apiVersion"] as? String == "admission.k8s.io/v1")
        #expect(Self.response(create)["uid"] as? String == "2f1d6c0e-8a4b-4c63-9d1e-7b5a3c9e0f41")
        #expect(Self.response(create)["allowed"] as? Bool == true, "\(create.text)")

        let update = try Self.post(webhook, material: material, body: try Self.review("ingress-update-request.json"))
        let denied = Self.response(update)
        #expect(denied["allowed"] as? Bool == false, "\(update.text)")
        let status = denied["status"] as? [String: Any] ?? [:]
        #expect(status["code"] as? Int == 403)
        let message = status["message"] as? String ?? ""
        #expect(message.contains("[service-not-found] spec.rules[0].http.paths[1].backend.service.name: Service shop/api-v2 is not in the cluster"), "\(message)")
        #expect(!message.contains("conflict") && !message.contains("duplicate"), "the UPDATE met its own old version: \(message)")

        // The same UPDATE pointing at a Service that exists: admitted, no conflict with itself.
        let fixed = try Self.post(webhook, material: material, body: try Self.review("ingress-update-request.json") { review in
            var request = review["request"] as? [String: Any] ?? [:]
            var object = request["object"] as? [String: Any] ?? [:]
            var spec = object["spec"] as? [String: Any] ?? [:]
            var rules = spec["rules"] as? [[String: Any]] ?? []
            var http = rules[0]["http"] as? [String: Any] ?? [:]
            var paths = http["paths"] as? [[String: Any]] ?? []
            paths[1]["backend"] = ["service": ["name": "api", "port": ["name": "http"]]]
            http["paths"] = paths
            rules[0]["http"] = http
            spec["rules"] = rules
            object["spec"] = spec
            request["object"] = object
            review["request"] = request
        })
        #expect(Self.response(fixed)["allowed"] as? Bool == true, "\(fixed.text)")
        #expect((Self.response(fixed)["warnings"] as? [String]) == nil, "\(fixed.text)")

        // A second Ingress sending the same host and path elsewhere: a conflict with the one in the cluster.
        let rival = try Self.post(webhook, material: material, body: try Self.review("ingress-create-request.json") { review in
            Self.setPath(&review, ["request", "name"], "rival")
            Self.setPath(&review, ["request", "object", "metadata", "name"], "rival")
            Self.setPath(&review, ["request", "object", "spec"], [
                "ingressClassName": "example-class",
                "rules": [["host": "shop.example.com", "http": ["paths": [["path": "/", "pathType": "Prefix", "backend": ["service": ["name": "api", "port": ["name": "http"]]]]]]]],
            ])
        })
        let rivalMessage = (Self.response(rival)["status"] as? [String: Any])?["message"] as? String ?? ""
        #expect(Self.response(rival)["allowed"] as? Bool == false, "\(rival.text)")
        #expect(rivalMessage.contains("[host-path-conflict]"), "\(rivalMessage)")

        // A Service whose endpoint is not ready: admitted with a warning (pods may come later).
        let warned = try Self.post(webhook, material: material, body: try Self.review("ingress-create-request.json") { review in
            Self.setPath(&review, ["request", "name"], "batch")
            Self.setPath(&review, ["request", "object", "metadata", "name"], "batch")
            Self.setPath(&review, ["request", "object", "spec"], [
                "ingressClassName": "example-class",
                "rules": [["host": "batch.example.com", "http": ["paths": [["path": "/", "pathType": "Prefix", "backend": ["service": ["name": "batch", "port": ["number": 80]]]]]]]],
            ])
        })
        let warnings = Self.response(warned)["warnings"] as? [String] ?? []
        #expect(Self.response(warned)["allowed"] as? Bool == true, "\(warned.text)")
        #expect(warnings.contains { $0.hasPrefix("[service-no-endpoints]") }, "\(warnings)")
        #expect(warnings.allSatisfy { $0.count <= 120 })

        // v1beta1 is answered in kind; dry runs the same; other operations and kinds untouched.
        let beta = try Self.post(webhook, material: material, body: try Self.review("ingress-update-request.json") { review in
            review["apiVersion"] = "admission.k8s.io/v1beta1"
            Self.setPath(&review, ["request", "dryRun"], true)
        })
        #expect(beta.json?["apiVersion"] as? String == "admission.k8s.io/v1beta1")
        #expect(Self.response(beta)["allowed"] as? Bool == false)
        let delete = try Self.post(webhook, material: material, body: try Self.review("ingress-update-request.json") { review in
            Self.setPath(&review, ["request", "operation"], "DELETE")
        })
        #expect(Self.response(delete)["allowed"] as? Bool == true)
        let pod = try Self.post(webhook, material: material, body: try Self.review("ingress-update-request.json") { review in
            Self.setPath(&review, ["request", "kind"], ["group": "", "version": "v1", "kind": "Pod"])
        })
        #expect(Self.response(pod)["allowed"] as? Bool == true)

        let metrics = try Curl.get("http://127.0.0.1:\(webhook.metricsPort)", host: "x", path: "/metrics")
        #expect(metrics.body.contains("ingress_guard_admissions_total{outcome=\"denied\"} 3"), "\(metrics.body)")
        #expect(metrics.body.contains("ingress_guard_findings_total{rule=\"host-path-conflict\"} 1"))
        #expect(metrics.body.contains("ingress_guard_state_synced 1"))
        #expect(webhook.stop() == 0)
        let log = webhook.lines.all.split(separator: "\n").compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
        let admissions = log.filter { $0["msg"] as? String == "admission" }
        #expect(admissions.count == 8, "\(webhook.lines.all)")
        #expect(admissions.contains { $0["uid"] as? String == "9c4e2a71-0b3d-4e8f-b6a2-5d1c7e9f3a20" && $0["decision"] as? String == "denied" && $0["namespace"] as? String == "shop" })
    }

    @Test func badRequestsGetStatusesNotCrashes() throws {
        let material = try Material()
        let state = try APIServerProcess.fixture("apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {ports: [{port: 80}]}\n")
        let webhook = try WebhookProcess(["--max-body", "20000", state], material: material)
        let malformed = try Self.post(webhook, material: material, body: Data("{\"kind\": \"AdmissionReview\", ".utf8))
        #expect(malformed.status == 400)
        #expect(malformed.json?["kind"] as? String == "Status")
        #expect(malformed.json?["code"] as? Int == 400)
        let noUID = try Self.post(webhook, material: material, body: try Self.review("ingress-create-request.json") { review in
            Self.setPath(&review, ["request", "uid"], "")
        })
        #expect(noUID.status == 400)
        #expect((noUID.json?["message"] as? String)?.contains("request.uid") == true, "\(noUID.text)")
        let wrongType = try Self.post(webhook, material: material, body: try Self.review("ingress-create-request.json"), contentType: "text/plain")
        #expect(wrongType.status == 415)
        let big = try Self.post(webhook, material: material, body: Data(repeating: UInt8(ascii: " "), count: 30_000) + (try Self.review("ingress-create-request.json")))
        #expect(big.status == 413, "\(big.text)")
        let fine = try Self.post(webhook, material: material, body: try Self.review("ingress-create-request.json"))
        #expect(fine.status == 200)
        let elsewhere = try Self.post(webhook, material: material, body: try Self.review("ingress-create-request.json"), path: "/mutate")
        #expect(elsewhere.status == 404 && elsewhere.json?["reason"] as? String == "NotFound", "\(elsewhere.text)")
        let get = try Self.post(webhook, material: material, body: Data(), extra: ["-X", "GET"])
        #expect(get.status == 405 && get.json?["reason"] as? String == "MethodNotAllowed", "\(get.text)")
        #expect(webhook.stop() == 0)
    }

    /// SIGTERM while an admission is being read: the listener closes at once, the admission is
    /// still answered, and the process exits 0 once it is.
    @Test func aStopLetsTheAdmissionInFlightFinish() throws {
        let material = try Material()
        let state = try APIServerProcess.fixture("apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {ports: [{port: 80}]}\n")
        let webhook = try WebhookProcess(["--min-body-rate", "1", state], material: material)
        let body = try CLIRunner.temporaryDirectory().appendingPathComponent("review.json")
        try Self.review("ingress-create-request.json").write(to: body)
        let text = try CLIRunner.tool("python3", [
            WebhookAbuseTests.script("drain_client.py"), "127.0.0.1", String(webhook.port), Self.serviceName, material.ca, body.path,
            String(webhook.process.processIdentifier),
        ]).stdout
        let result = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
        #expect(result["status"] as? Int == 200, "\(text)")
        #expect(result["new_connection"] as? String == "refused", "\(text)")
        webhook.process.waitUntilExit()
        #expect(webhook.process.terminationStatus == 0)
    }

    /// A port another process holds: the webhook names it with its flag and exits 2 at once,
    /// rather than serving on the other port alone.
    @Test func aTakenPortIsNamedAndEndsTheWebhook() throws {
        let material = try Material()
        let state = try APIServerProcess.fixture("apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {ports: [{port: 80}]}\n")
        let taken = try SilentListener()
        for (flag, other) in [("--listen", "--metrics-listen"), ("--metrics-listen", "--listen")] {
            let started = Date()
            // Under `timeout`: a webhook that went on serving the other port would hang the test.
            let outcome = try CLIRunner.program(URL(fileURLWithPath: "/usr/bin/timeout"), [
                "60", CLIRunner.binary.path, "webhook", state, "--tls-cert", material.certificate, "--tls-key", material.key,
                flag, "127.0.0.1:\(taken.port)", other, "127.0.0.1:0",
            ])
            #expect(outcome.status == 2, "\(outcome.stderr)")
            #expect(outcome.stderr.contains("cannot listen on 127.0.0.1:\(taken.port) (\(flag)): Address already in use"), "\(outcome.stderr)")
            #expect(Date().timeIntervalSince(started) < 30)
        }
        withExtendedLifetime(taken) {}
    }

    @Test func classScopeConcurrencyLimitAndSilentConnections() throws {
        let material = try Material()
        let state = try APIServerProcess.fixture("""
            apiVersion: networking.k8s.io/v1
            kind: IngressClass
            metadata: {name: nginx}
            spec: {controller: k8s.io/ingress-nginx}
            """)
        // Only the nginx class is checked: the spec's example-class Ingress (with missing Services) passes untouched.
        let scoped = try WebhookProcess(["--ingress-class", "nginx", "--header-timeout", "1", "--max-inflight", "1", state], material: material)
        let other = try Self.post(scoped, material: material, body: try Self.review("ingress-update-request.json"))
        #expect(Self.response(other)["allowed"] as? Bool == true, "\(other.text)")
        let mine = try Self.post(scoped, material: material, body: try Self.review("ingress-update-request.json") { review in
            Self.setPath(&review, ["request", "object", "spec", "ingressClassName"], "nginx")
        })
        #expect(Self.response(mine)["allowed"] as? Bool == false, "\(mine.text)")
        // A connection that sends nothing is closed after --header-timeout.
        let started = Date()
        let closed = try RawClient.sendAndWaitForClose(port: scoped.port, bytes: "", limit: 5)
        #expect(closed && Date().timeIntervalSince(started) < 4.5, "the silent connection stayed open")
        // One admission at a time: a burst from 8 threads waits its turn, and every one is answered.
        let body = try CLIRunner.temporaryDirectory().appendingPathComponent("review.json")
        try Self.review("ingress-update-request.json") { review in
            Self.setPath(&review, ["request", "object", "spec", "ingressClassName"], "nginx")
        }.write(to: body)
        let text = try CLIRunner.tool("python3", [
            CLIRunner.repositoryRoot.appendingPathComponent("Tests/EndToEndTests/Support/admission_load.py").path,
            "127.0.0.1", String(scoped.port), Self.serviceName, material.ca, body.path, "2", "8",
        ]).stdout
        let result = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let statuses = result["statuses"] as? [String: Int] ?? [:]
        #expect(Set(statuses.keys) == ["200"], "a burst with --max-inflight 1 met refusals: \(text)")
        #expect(result["failures"] as? Int == 0, "\(text)")
        #expect(scoped.stop() == 0)
    }

    @Test func certificateRotationUnderLoadDropsNoRequest() throws {
        let material = try Material()
        let state = try APIServerProcess.fixture("apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {ports: [{port: 80}]}\n")
        let webhook = try WebhookProcess([state], material: material)
        let body = try CLIRunner.temporaryDirectory().appendingPathComponent("review.json")
        try Self.review("ingress-create-request.json").write(to: body)
        let load = Process()
        load.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        load.arguments = [
            "python3", CLIRunner.repositoryRoot.appendingPathComponent("Tests/EndToEndTests/Support/admission_load.py").path,
            "127.0.0.1", String(webhook.port), Self.serviceName, material.ca, body.path, "5", "4",
        ]
        let output = Pipe()
        load.standardOutput = output
        try load.run()
        Thread.sleep(forTimeInterval: 2)
        try material.rotate()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        load.waitUntilExit()
        let result = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(result["failures"] as? Int == 0, "\(text)")
        #expect((result["requests"] as? Int ?? 0) > 50, "\(text)")
        #expect((result["certificates"] as? [String])?.count == 2, "the new certificate was never served: \(text)")
        #expect(webhook.lines.contains("certificate reloaded"))
        #expect(webhook.stop() == 0)
    }

    @Test func clientCertificateOfTheAPIServerIsRequiredWhenConfigured() throws {
        let material = try Material()
        let clientCA = CertificateFixtures.makeServingPKI(dnsNames: ["unused"], caName: "API server client CA")
        let directory = try CLIRunner.temporaryDirectory()
        let caFile = directory.appendingPathComponent("client-ca.crt").path
        try clientCA.caPEM.write(toFile: caFile, atomically: true, encoding: .utf8)
        let client = clientCA.clientCertificate(commonName: "kube-apiserver")
        try client.certificatePEM.write(to: directory.appendingPathComponent("client.crt"), atomically: true, encoding: .utf8)
        try client.keyPEM.write(to: directory.appendingPathComponent("client.key"), atomically: true, encoding: .utf8)
        let state = try APIServerProcess.fixture("apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {ports: [{port: 80}]}\n")
        let webhook = try WebhookProcess(["--client-ca", caFile, "--tls-min-version", "1.3", state], material: material)
        let anonymous = try Self.post(webhook, material: material, body: try Self.review("ingress-create-request.json"))
        #expect(anonymous.status == 0, "a client without a certificate got \(anonymous.status)")
        let authenticated = try Self.post(webhook, material: material, body: try Self.review("ingress-create-request.json"), extra: [
            "--cert", directory.appendingPathComponent("client.crt").path, "--key", directory.appendingPathComponent("client.key").path,
        ])
        #expect(authenticated.status == 200)
        let tls12 = try Self.post(webhook, material: material, body: try Self.review("ingress-create-request.json"), extra: [
            "--tls-max", "1.2", "--cert", directory.appendingPathComponent("client.crt").path, "--key", directory.appendingPathComponent("client.key").path,
        ])
        #expect(tls12.status == 0, "TLS 1.2 was accepted with --tls-min-version 1.3")
        #expect(webhook.stop() == 0)
    }

    @Test func beforeTheClusterIsReadItIsNotReadyAndFollowsTheUnsyncedPolicy() throws {
        let material = try Material()
        let server = try APIServerProcess(fixtures: [try APIServerProcess.fixture(Self.cluster())])
        let kubeconfig = server.kubeconfig
        kill(server.process.processIdentifier, SIGKILL)
        server.process.waitUntilExit()
        let denying = try WebhookProcess(["--kubeconfig", kubeconfig, "--unsynced-policy", "deny"], material: material)
        #expect(try Curl.get("http://127.0.0.1:\(denying.metricsPort)", host: "x", path: "/readyz").status == 503)
        #expect(try Curl.get("http://127.0.0.1:\(denying.metricsPort)", host: "x", path: "/healthz").status == 200)
        let refused = try Self.post(denying, material: material, body: try Self.review("ingress-create-request.json"))
        #expect(Self.response(refused)["allowed"] as? Bool == false)
        #expect(((Self.response(refused)["status"] as? [String: Any])?["message"] as? String)?.contains("has not read the cluster yet") == true)
        #expect(denying.stop() == 0)
        let allowing = try WebhookProcess(["--kubeconfig", kubeconfig], material: material)
        let allowed = try Self.post(allowing, material: material, body: try Self.review("ingress-create-request.json"))
        #expect(Self.response(allowed)["allowed"] as? Bool == true)
        #expect((Self.response(allowed)["warnings"] as? [String])?.first?.contains("not checked") == true)
        #expect(allowing.stop() == 0)
    }

    @Test func certsCommandMakesAChainTheAPIServerAccepts() throws {
        let directory = try CLIRunner.temporaryDirectory().appendingPathComponent("certs")
        let made = try CLIRunner.run(["webhook", "certs", "--service", "ingress-guard", "--namespace", "ingress-guard-system", "--out", directory.path])
        #expect(made.status == 0, "\(made.stderr)")
        let ca = try String(contentsOf: directory.appendingPathComponent("ca.crt"), encoding: .utf8)
        #expect(Data(base64Encoded: made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)).map { String(decoding: $0, as: UTF8.self) } == ca)
        let key = try FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent("tls.key").path)
        #expect((key[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let verify = Process()
        verify.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        verify.arguments = [
            "openssl", "verify", "-CAfile", directory.appendingPathComponent("ca.crt").path, "-purpose", "sslserver",
            "-verify_hostname", Self.serviceName, directory.appendingPathComponent("tls.crt").path,
        ]
        verify.standardOutput = FileHandle.nullDevice
        verify.standardError = FileHandle.nullDevice
        try verify.run()
        verify.waitUntilExit()
        #expect(verify.terminationStatus == 0)
        let again = try CLIRunner.run(["webhook", "certs", "--service", "ingress-guard", "--namespace", "ingress-guard-system", "--out", directory.path])
        #expect(again.status == 2)
        #expect(again.stderr.contains("refusing to overwrite"))
        // A name that is neither an IPv4 address nor a DNS name is refused before anything is written.
        let elsewhere = try CLIRunner.temporaryDirectory().appendingPathComponent("certs")
        let malformed = try CLIRunner.run([
            "webhook", "certs", "--service", "ingress-guard", "--namespace", "ingress-guard-system", "--extra-name", "1..2.3.4", "--out", elsewhere.path,
        ])
        #expect(malformed.status == 2)
        #expect(malformed.stderr.contains("--extra-name \"1..2.3.4\": give a lowercase DNS name or an IPv4 address"), "\(malformed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: elsewhere.path))
    }
}
