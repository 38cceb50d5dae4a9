import Foundation
import Testing

/// `ingress-guard lsp` driven by pygls's language client (Support/lsp_client.py; `.ci/run`
/// installs pygls): diagnostics with ranges, severities, rule codes, documentation links and hints;
/// the workspace's other files as context and its configuration honoured; every mechanical fix
/// applied through code actions.
@Suite struct LanguageServerTests {
    static var clientAvailable: Bool {
        (try? CLIRunner.tool("python3", ["-c", "import pygls.lsp.client, lsprotocol"]).status) == 0
    }

    static func workspace() throws -> URL {
        let root = try CLIRunner.temporaryDirectory()
        try "rules:\n  service-not-found: error\n".write(to: root.appendingPathComponent(".ingress-guard.yaml"), atomically: true, encoding: .utf8)
        try """
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: shop}
            spec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}

            """.write(to: root.appendingPathComponent("services.yaml"), atomically: true, encoding: .utf8)
        try """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: shop
              namespace: shop
              annotations:
                kubernetes.io/ingress.class: nginx
            spec:
              rules:
                - host: shop.example.com
                  http:
                    paths:
                      - path: /
                        backend:
                          service:
                            name: web
                            port:
                              number: 80
                      - path: /api
                        pathType: Prefix
                        backend:
                          service:
                            name: api
                            port:
                              number: 80
            ---
            apiVersion: extensions/v1beta1
            kind: Ingress
            metadata:
              name: legacy
              namespace: shop
            spec:
              ingressClassName: nginx
              rules:
                - host: legacy.example.com
                  http:
                    paths:
                      - path: /
                        backend:
                          serviceName: web
                          servicePort: 80

            """.write(to: root.appendingPathComponent("ingress.yaml"), atomically: true, encoding: .utf8)
        var big = ""
        for index in 0..<72 {
            big += """
                ---
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: app-\(index)
                  namespace: shop
                spec:
                  rules:
                    - host: app-\(index).example.com
                      http:
                        paths:
                          - path: /
                            pathType: Prefix
                            backend: {service: {name: web, port: {number: 80}}}

                """
        }
        try big.write(to: root.appendingPathComponent("big.yaml"), atomically: true, encoding: .utf8)
        return root
    }

    @Test(.enabled(if: clientAvailable)) func anEditorSeesTheFindingsAndAppliesTheFixes() throws {
        let root = try Self.workspace()
        let script = CLIRunner.repositoryRoot.appendingPathComponent("Tests/EndToEndTests/Support/lsp_client.py").path
        let run = try CLIRunner.tool("python3", [script, CLIRunner.binary.path, root.path])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
        #expect(report["server"] as? String == "ingress-guard")
        let opened = report["opened"] as? [[String: Any]] ?? []
        func diagnostic(_ code: String) -> [String: Any]? { opened.first { $0["code"] as? String == code } }
        // Ranges are 0-based and cover the word at the finding's column.
        let annotation = try #require(diagnostic("deprecated-ingress-class-annotation"), "\(opened)")
        #expect(annotation["line"] as? Int == 6 && annotation["character"] as? Int == 33 && annotation["end"] as? Int == 38, "\(annotation)")
        #expect((annotation["href"] as? String)?.hasSuffix("rules/deprecated-ingress-class-annotation.yaml") == true)
        #expect((annotation["related"] as? [String])?.contains { $0.hasPrefix("hint: ") } == true)
        #expect(diagnostic("missing-path-type")?["line"] as? Int == 12)
        #expect(diagnostic("deprecated-api-version") != nil)
        // The workspace's other file holds Service web: only the missing api is reported, as an
        // error because the workspace's configuration says so.
        let missing = opened.filter { $0["code"] as? String == "service-not-found" }
        #expect(missing.count == 1 && (missing.first?["message"] as? String)?.contains("api") == true && missing.first?["severity"] as? Int == 1, "\(missing)")
        let applied = report["applied"] as? [String] ?? []
        #expect(Set(applied) == ["Add pathType: Prefix", "Use spec.ingressClassName: nginx", "Rewrite as networking.k8s.io/v1"], "\(applied)")
        let after = report["after_fixes"] as? [String] ?? []
        #expect(!after.contains("missing-path-type") && !after.contains("deprecated-ingress-class-annotation") && !after.contains("deprecated-api-version"), "\(after)\n\(report["fixed_text"] ?? "")")
        let fixed = report["fixed_text"] as? String ?? ""
        #expect(fixed.contains("  ingressClassName: nginx\n") && !fixed.contains("kubernetes.io/ingress.class"))
        #expect(fixed.contains("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: legacy"))
        #expect(fixed.contains("service:\n                name: web\n                port:\n                  number: 80"), "\(fixed)")
        // The fixed text is what lint accepts on those rules.
        let file = root.appendingPathComponent("fixed.yaml")
        try fixed.write(to: file, atomically: true, encoding: .utf8)
        let linted = try CLIRunner.run(["lint", "-o", "json", file.path])
        #expect(!linted.stdout.contains("invalid-manifest") && !linted.stdout.contains("unknown-field"), "\(linted.stdout)")
        // A 1,000-line document answers an edit well within a bound for giving up (the figure
        // for a release build is measured in the README).
        #expect((report["big_lines"] as? Int ?? 0) >= 1000)
        #expect((report["edit_ms"] as? Double ?? 1e9) < 5000, "\(report["edit_ms"] ?? "")")
        print("lsp: an edit of a \(report["big_lines"] ?? 0)-line document answered in \(report["edit_ms"] ?? 0) ms (median of 10, debug build)")
    }

    /// A client that speaks nonsense gets an error or an exit, never a hang or a crash.
    @Test func malformedInputIsRefused() throws {
        let badHeader = try CLIRunner.run(["lsp"], stdin: "Content-Length: lots\r\n\r\n{}")
        #expect(badHeader.status == 1 && !badHeader.signalled)
        let huge = try CLIRunner.run(["lsp"], stdin: "Content-Length: 99999999999\r\n\r\n")
        #expect(huge.status == 1 && !huge.signalled)
        let notJSON = try CLIRunner.run(["lsp"], stdin: "Content-Length: 3\r\n\r\nxyz")
        #expect(notJSON.stdout.contains("\"code\":-32700") && notJSON.status == 1, "\(notJSON.stdout)")
        // A proper session: exit after shutdown is 0.
        func framed(_ json: String) -> String { "Content-Length: \(json.utf8.count)\r\n\r\n" + json }
        let session = try CLIRunner.run(["lsp"], stdin: framed(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#)
            + framed(#"{"jsonrpc":"2.0","id":2,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"file:///nowhere.yaml"},"range":{"start":{"line":99,"character":0},"end":{"line":99,"character":0}},"context":{"diagnostics":[{"code":"missing-path-type","range":{"start":{"line":99,"character":0},"end":{"line":99,"character":1}},"message":"x"}]}}}"#)
            + framed(#"{"jsonrpc":"2.0","id":3,"method":"shutdown"}"#) + framed(#"{"jsonrpc":"2.0","method":"exit"}"#))
        #expect(session.status == 0, "\(session.stdout)\(session.stderr)")
        #expect(session.stdout.contains("\"id\":2") && session.stdout.contains("\"result\":[]"), "\(session.stdout)")
    }
}
