import CertificateFixtures
import Foundation
import Testing

/// `policy:` end to end: examples/policies/ (three teams, one Ingress breaking each policy once)
/// through `lint` on files and on a cluster, and through the webhook over TLS with its state read
/// from the API server double; the policy file re-read on change (a ConfigMap's symlink swap),
/// an invalid version refused and counted; and the ClusterRole of webhook-manifests granting what
/// the webhook reads.
@Suite(.serialized) struct PolicyTests {
    static let directory = CLIRunner.repositoryRoot.appendingPathComponent("examples/policies")
    static var config: String { directory.appendingPathComponent(".ingress-guard.yaml").path }
    static func file(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// The rule each Ingress of violations.yaml breaks, by name.
    static let violations: [String: String] = [
        "promo-class": "policy-ingress-class", "promo-http": "policy-host-tls", "promo-wild": "policy-wildcard-host",
        "promo-catchall": "policy-empty-host", "promo-many": "policy-hosts-per-ingress", "news-mirror": "policy-unique-host",
        "shop-sale": "policy-host-ownership", "promo-default": "policy-default-backend", "promo-path": "policy-path",
        "promo-ignore": "policy-annotation", "promo-word": "policy-annotation-value", "promo-mirror": "policy-annotation-risk",
    ]

    static func policyFindings(_ json: String) throws -> [(rule: String, name: String, file: String)] {
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let diagnostics = report["diagnostics"] as? [[String: Any]] ?? []
        return diagnostics.compactMap { diagnostic in
            guard let rule = diagnostic["rule"] as? String, rule.hasPrefix("policy-") else { return nil }
            let object = diagnostic["object"] as? [String: Any] ?? [:]
            let location = diagnostic["location"] as? [String: Any] ?? [:]
            return (rule, object["name"] as? String ?? "", location["file"] as? String ?? "")
        }
    }

    @Test func lintReportsEachViolationOnceAndTheTenantsNever() throws {
        let all = try CLIRunner.run(["lint", "--config", Self.config, "--format", "json", Self.directory.path])
        #expect(all.status == 1, "\(all.stderr)")
        let found = try Self.policyFindings(all.stdout)
        #expect(found.count == Self.violations.count, "\(found)")
        for (name, rule) in Self.violations {
            #expect(found.contains { $0.name == name && $0.rule == rule }, "\(name) should break \(rule): \(found)")
        }
        #expect(found.allSatisfy { $0.file.hasSuffix("violations.yaml") })
        let tenants = try CLIRunner.run(["lint", "--config", Self.config, "--format", "json", Self.file("cluster.yaml"), Self.file("tenants.yaml")])
        #expect(try Self.policyFindings(tenants.stdout).isEmpty, "\(tenants.stdout)")
    }

    @Test func severityDisableAndTheIgnoreAnnotationWorkAsForEveryRule() throws {
        let root = try CLIRunner.temporaryDirectory()
        let config = root.appendingPathComponent("config.yaml")
        try """
            rules:
              policy-path: warning
            policy:
              hosts: {forbidWildcard: true, forbidEmpty: true}
              paths: {deny: [/etc]}
            """.write(to: config, atomically: true, encoding: .utf8)
        let manifest = root.appendingPathComponent("ingress.yaml")
        try """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: web
              annotations: {ingress-guard.io/ignore: policy-wildcard-host}
            spec:
              rules:
              - host: "*.example.com"
                http: {paths: [{path: /etc/x, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
              - http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
            """.write(to: manifest, atomically: true, encoding: .utf8)
        let run = try CLIRunner.run(["lint", "--config", config.path, "--disable", "policy-empty-host", "--format", "json", manifest.path])
        let found = try Self.policyFindings(run.stdout)
        #expect(found.map(\.rule) == ["policy-path"], "\(run.stdout)")
        let diagnostics = (try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])?["diagnostics"] as? [[String: Any]] ?? []
        #expect(diagnostics.first { $0["rule"] as? String == "policy-path" }?["severity"] as? String == "warning", "the configured severity: \(run.stdout)")
        let summary = try #require((try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])?["summary"] as? [String: Any])
        #expect((summary["suppressed"] as? Int ?? 0) >= 2, "\(summary)")
        #expect(run.status == 0, "a warning does not fail the run: \(run.stdout)")

        // A policy that denies the ignore annotation: the refusal of the annotation itself stays.
        try """
            policy:
              annotations: {deny: [ingress-guard.io/*]}
            """.write(to: config, atomically: true, encoding: .utf8)
        try """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: web
              annotations: {ingress-guard.io/ignore: "policy-annotation"}
            spec:
              rules:
              - host: shop.example.com
                http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
            """.write(to: manifest, atomically: true, encoding: .utf8)
        let waived = try CLIRunner.run(["lint", "--config", config.path, "--format", "json", manifest.path])
        #expect(try Self.policyFindings(waived.stdout).map(\.rule) == ["policy-annotation"], "\(waived.stdout)")
        #expect(waived.status == 1)
    }

    @Test func anInvalidPolicyIsExitTwoNamingFileLineAndCause() throws {
        let config = try CLIRunner.temporaryDirectory().appendingPathComponent(".ingress-guard.yaml")
        try "policy:\n  hosts:\n    ownership:\n      - hosts: [\"shop.[example.com\"]\n        namespaces: [shop]\n".write(to: config, atomically: true, encoding: .utf8)
        let run = try CLIRunner.run(["lint", "--config", config.path, Self.file("tenants.yaml")])
        #expect(run.status == 2)
        #expect(run.stderr.contains("\(config.path):4:17: `policy.hosts.ownership[0].hosts`: \"shop.[example.com\" opens a [set] it never closes"), "\(run.stderr)")
        let webhook = try CLIRunner.run(["webhook", "--tls-cert", "/nonexistent", "--tls-key", "/nonexistent", "--policy", config.path, Self.file("tenants.yaml")])
        #expect(webhook.status == 2)
        #expect(webhook.stderr.contains("\(config.path):4:17:"), "\(webhook.stderr)")
    }

    @Test func lintAuditsWhatTheClusterAlreadyHolds() throws {
        let server = try APIServerProcess(fixtures: [Self.file("cluster.yaml"), Self.file("tenants.yaml"), Self.file("violations.yaml")])
        let run = try CLIRunner.run(["lint", "--cluster", "--kubeconfig", server.kubeconfig, "--config", Self.config, "--format", "json"])
        let found = try Self.policyFindings(run.stdout)
        #expect(Set(found.map(\.rule)) == Set(Self.violations.values), "\(found)")
        #expect(found.count == Self.violations.count, "\(found)")
        #expect(found.allSatisfy { $0.file.hasPrefix("k8s://") })

        // The same audit from a snapshot of that cluster.
        let snapshot = try CLIRunner.temporaryDirectory().appendingPathComponent("cluster.json")
        let taken = try CLIRunner.run(["snapshot", "--output", snapshot.path, "--kubeconfig", server.kubeconfig])
        #expect(taken.status == 0, "\(taken.stderr)")
        let offline = try CLIRunner.run(["lint", "--snapshot", snapshot.path, "--config", Self.config, "--format", "json"])
        #expect(Set(try Self.policyFindings(offline.stdout).map(\.rule)) == Set(Self.violations.values), "\(offline.stdout)")
    }

    /// The policy the webhook's manifests ship parses (a typo there would stop the webhook, and with
    /// failurePolicy Fail every Ingress write).
    @Test func theShippedConfigMapPolicyParses() throws {
        let text = try String(contentsOf: CLIRunner.repositoryRoot.appendingPathComponent("webhook-manifests/base/policy.yaml"), encoding: .utf8)
        let body = text.components(separatedBy: "policy.yaml: |\n").dropFirst().joined()
            .split(separator: "\n", omittingEmptySubsequences: false).map { String($0.dropFirst(4)) }.joined(separator: "\n")
        let file = try CLIRunner.temporaryDirectory().appendingPathComponent("policy.yaml")
        try body.write(to: file, atomically: true, encoding: .utf8)
        let run = try CLIRunner.run(["lint", "--config", file.path, Self.file("tenants.yaml")])
        #expect(run.status != 2, "\(run.stderr)")
        #expect(body.contains("ingress-guard.io/ignore"), "the shipped policy lets tenants waive it")
    }

    /// With --ingress-class, the policy still judges every class (it says which may exist); an
    /// owner's UPDATE is never denied for another namespace's later claim on its host.
    @Test func thePolicyCoversOtherClassesAndNeverBlocksAHostsOwner() throws {
        let material = try WebhookTests.Material()
        let webhook = try WebhookTests.WebhookProcess(
            ["--policy", Self.config, "--ingress-class", "nginx", "--without-tls-secrets", "--disable", "service-not-found",
             Self.file("cluster.yaml"), Self.file("tenants.yaml"), Self.file("violations.yaml")], material: material)
        defer { if webhook.process.isRunning { _ = webhook.stop() } }
        #expect(webhook.waitUntilReady())
        let bad = try Self.jsonObjects(Self.file("violations.yaml"))
        func named(_ name: String, in list: [[String: Any]]) throws -> [String: Any] {
            try #require(list.first { ($0["metadata"] as? [String: Any])?["name"] as? String == name })
        }
        let other = Self.denial(try WebhookTests.post(webhook, material: material, body: try Self.review(try named("promo-class", in: bad))))
        #expect(other?.contains("[policy-ingress-class]") == true, "\(other ?? "allowed")")
        let owner = try named("news", in: try Self.jsonObjects(Self.file("tenants.yaml")))
        // (host-path-conflict, a rule of its own, still speaks of the two routes to one path.)
        let update = try WebhookTests.post(webhook, material: material, body: try Self.review(owner, operation: "UPDATE"))
        #expect(!(Self.denial(update) ?? "").contains("[policy-"), "\(update.text)")
        let claim = Self.denial(try WebhookTests.post(webhook, material: material, body: try Self.review(try named("news-mirror", in: bad), operation: "UPDATE")))
        #expect(claim?.contains("[policy-unique-host]") == true, "\(claim ?? "allowed")")
    }

    /// The teams' Services, so that admissions are judged on their policies alone (the webhook
    /// runs `--without-tls-secrets`: the examples' certificates are not in the cluster).
    static func services() throws -> String {
        var text = ""
        for (namespace, name) in [("shop", "web"), ("shop-eu", "web"), ("blog", "web"), ("payments", "web"), ("marketing", "web"), ("kube-system", "status"), ("kube-system", "web")] {
            text += """
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: \(name), namespace: \(namespace)}
                spec: {selector: {app: \(name)}, ports: [{port: 80, targetPort: 8080}]}

                """
        }
        return try APIServerProcess.fixture(text, name: "services.yaml")
    }

    /// Each object of a YAML file as the JSON a client would send.
    static func jsonObjects(_ path: String) throws -> [[String: Any]] {
        let tool = CLIRunner.binary.deletingLastPathComponent().appendingPathComponent("api-server-double").path
        let outcome = try CLIRunner.tool(tool, ["--print-json", path])
        return outcome.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    static func review(_ ingress: [String: Any], operation: String = "CREATE") throws -> Data {
        let metadata = ingress["metadata"] as? [String: Any] ?? [:]
        let review: [String: Any] = [
            "apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
            "request": [
                "uid": UUID().uuidString.lowercased(), "kind": ["group": "networking.k8s.io", "version": "v1", "kind": "Ingress"],
                "resource": ["group": "networking.k8s.io", "version": "v1", "resource": "ingresses"],
                "name": metadata["name"] as? String ?? "", "namespace": metadata["namespace"] as? String ?? "", "operation": operation,
                "userInfo": ["username": "tenant"], "object": ingress, "dryRun": false,
            ] as [String: Any],
        ]
        return try JSONSerialization.data(withJSONObject: review)
    }

    /// A ConfigMap volume: `policy.yaml -> ..data/policy.yaml`, `..data -> ..<version>`; an update
    /// writes a new version directory and swaps `..data` in one rename.
    struct ConfigMapVolume {
        let root: URL
        var path: String { root.appendingPathComponent("policy.yaml").path }
        private var version = 0

        init(_ text: String) throws {
            root = try CLIRunner.temporaryDirectory()
            try update(text)
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "..data/policy.yaml")
        }

        mutating func update(_ text: String) throws {
            version += 1
            let name = "..2026_\(version)"
            try FileManager.default.createDirectory(at: root.appendingPathComponent(name), withIntermediateDirectories: true)
            try text.write(to: root.appendingPathComponent("\(name)/policy.yaml"), atomically: true, encoding: .utf8)
            let temporary = root.appendingPathComponent("..data_tmp").path
            try FileManager.default.createSymbolicLink(atPath: temporary, withDestinationPath: name)
            guard rename(temporary, root.appendingPathComponent("..data").path) == 0 else { throw CLIRunnerError("rename failed: \(errno)") }
        }
    }

    static func denial(_ reply: (status: Int, json: [String: Any]?, text: String)) -> String? {
        let response = WebhookTests.response(reply)
        guard response["allowed"] as? Bool == false else { return nil }
        return (response["status"] as? [String: Any])?["message"] as? String ?? ""
    }

    @Test func theWebhookDeniesEachViolationAndFollowsThePolicyFile() throws {
        let server = try APIServerProcess(fixtures: [Self.file("cluster.yaml"), Self.file("tenants.yaml"), try Self.services()])
        let material = try WebhookTests.Material()
        let original = try String(contentsOfFile: Self.config, encoding: .utf8)
        var volume = try ConfigMapVolume(original)
        let webhook = try WebhookTests.WebhookProcess(["--kubeconfig", server.kubeconfig, "--policy", volume.path, "--without-tls-secrets"], material: material)
        defer { if webhook.process.isRunning { _ = webhook.stop() } }
        #expect(webhook.waitUntilReady())

        let bad = try Self.jsonObjects(Self.file("violations.yaml"))
        #expect(bad.count == Self.violations.count)
        for ingress in bad {
            let name = (ingress["metadata"] as? [String: Any])?["name"] as? String ?? ""
            let rule = try #require(Self.violations[name])
            let reply = try WebhookTests.post(webhook, material: material, body: try Self.review(ingress))
            let message = Self.denial(reply)
            #expect(message?.contains("[\(rule)]") == true, "\(name): \(reply.text)")
            let otherPolicies = Set(Self.violations.values).subtracting([rule])
            #expect(!otherPolicies.contains { message?.contains("[\($0)]") == true }, "\(name): \(message ?? "")")
        }
        // The denial names the owner of a contested host and the policy's field.
        let mirror = try #require(bad.first { ($0["metadata"] as? [String: Any])?["name"] as? String == "news-mirror" })
        let contested = Self.denial(try WebhookTests.post(webhook, material: material, body: try Self.review(mirror))) ?? ""
        #expect(contested.contains("already routed from namespace blog (Ingress blog/news)"), "\(contested)")
        let sale = try #require(bad.first { ($0["metadata"] as? [String: Any])?["name"] as? String == "shop-sale" })
        #expect((Self.denial(try WebhookTests.post(webhook, material: material, body: try Self.review(sale))) ?? "").contains("policy.hosts.ownership[0]"))

        // Every tenant as an UPDATE of itself: allowed (the payments namespace by its label).
        for ingress in try Self.jsonObjects(Self.file("tenants.yaml")) {
            let reply = try WebhookTests.post(webhook, material: material, body: try Self.review(ingress, operation: "UPDATE"))
            #expect(WebhookTests.response(reply)["allowed"] as? Bool == true, "\(reply.text)")
        }

        // The ConfigMap changes: three hosts per Ingress become fine with the next admission.
        let many = try #require(bad.first { ($0["metadata"] as? [String: Any])?["name"] as? String == "promo-many" })
        try volume.update(original.replacingOccurrences(of: "maxPerIngress: 2", with: "maxPerIngress: 3"))
        var allowed = false
        let deadline = Date().addingTimeInterval(30)
        while !allowed, Date() < deadline {
            allowed = WebhookTests.response(try WebhookTests.post(webhook, material: material, body: try Self.review(many)))["allowed"] as? Bool == true
            if !allowed { Thread.sleep(forTimeInterval: 0.2) }
        }
        #expect(allowed, "the new policy was not applied")

        // An invalid version: logged, counted, and the previous policy still decides.
        try volume.update(original.replacingOccurrences(of: "maxRiskLevel: Medium", with: "maxRiskLevel: Severe"))
        var metrics = ""
        let refused = Date().addingTimeInterval(30)
        while !metrics.contains("\ningress_guard_policy_invalid 1"), Date() < refused {
            Thread.sleep(forTimeInterval: 0.2)
            metrics = (try? Curl.get("http://127.0.0.1:\(webhook.metricsPort)", host: "x", path: "/metrics").body) ?? ""
        }
        #expect(metrics.contains("ingress_guard_policy_reloads_total{result=\"rejected\"} 1"), "\(metrics)")
        #expect(metrics.contains("ingress_guard_policy_reloads_total{result=\"applied\"} 1"), "\(metrics)")
        let path = try #require(bad.first { ($0["metadata"] as? [String: Any])?["name"] as? String == "promo-path" })
        #expect(Self.denial(try WebhookTests.post(webhook, material: material, body: try Self.review(path)))?.contains("[policy-path]") == true)
        #expect(WebhookTests.response(try WebhookTests.post(webhook, material: material, body: try Self.review(many)))["allowed"] as? Bool == true)
        #expect(webhook.stop() == 0)
        #expect(webhook.lines.contains("policy reload failed; keeping the previous policy"), "\(webhook.lines.all)")
        #expect(webhook.lines.contains("`policy.annotations.maxRiskLevel` must be Low, Medium, High or Critical"))
    }

    /// The resources the webhook's ClusterRole grants list and watch on, by plural.
    static func grantedResources() throws -> [String] {
        let text = try String(contentsOf: CLIRunner.repositoryRoot.appendingPathComponent("webhook-manifests/base/clusterrole.yaml"), encoding: .utf8)
        var granted: [String] = []
        var pending: [String] = []
        for line in text.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if line.hasPrefix("resources:") {
                pending = line.dropFirst("resources:".count).trimmingCharacters(in: CharacterSet(charactersIn: " []")).split(separator: ",").map {
                    $0.trimmingCharacters(in: CharacterSet(charactersIn: " \""))
                }
            } else if line.hasPrefix("verbs:"), line.contains("\"list\""), line.contains("\"watch\"") {
                granted += pending
                pending = []
            }
        }
        return granted
    }

    @Test func theClusterRoleGrantsWhatTheWebhookReadsAndANamespaceSelectorNeeds() throws {
        let granted = try Self.grantedResources()
        #expect(granted.contains("namespaces"), "\(granted)")
        let payments = try #require(try Self.jsonObjects(Self.file("tenants.yaml")).first { ($0["metadata"] as? [String: Any])?["name"] as? String == "checkout" })
        for (permissions, allowed) in [(granted, true), (granted.filter { $0 != "namespaces" }, false)] {
            let server = try APIServerProcess(
                fixtures: [Self.file("cluster.yaml"), Self.file("tenants.yaml"), try Self.services()], extra: ["--permissions", "e2e=\(permissions.joined(separator: ","))"])
            let material = try WebhookTests.Material()
            let webhook = try WebhookTests.WebhookProcess(["--kubeconfig", server.kubeconfig, "--policy", Self.config, "--without-tls-secrets"], material: material)
            defer { if webhook.process.isRunning { _ = webhook.stop() } }
            // Ready either way: a ClusterRole without Namespaces still serves.
            #expect(webhook.waitUntilReady(), "\(permissions)")
            let reply = try WebhookTests.post(webhook, material: material, body: try Self.review(payments, operation: "UPDATE"))
            if allowed {
                #expect(WebhookTests.response(reply)["allowed"] as? Bool == true, "\(reply.text)")
            } else {
                #expect(Self.denial(reply)?.contains("namespace payments of Ingress payments/checkout is not known to the cluster") == true, "\(reply.text)")
            }
            let metrics = try Curl.get("http://127.0.0.1:\(webhook.metricsPort)", host: "x", path: "/metrics").body
            #expect(metrics.contains("ingress_guard_state_unavailable{resource=\"namespaces\"} \(allowed ? "0" : "1")"), "\(metrics)")
        }
    }
}
