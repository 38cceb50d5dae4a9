import Foundation
import Testing

/// `kubectl kustomize` output piped into `lint -`, as platform teams run it in CI.
@Suite struct KustomizeInputTests {
    static let kubectl = ["/usr/bin/kubectl", "/usr/local/bin/kubectl"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: kubectl != nil))
    func kustomizeOutputIsLintedWithPositionsInTheRenderedStream() throws {
        let directory = try CLIRunner.temporaryDirectory()
        try """
            resources: [ingress.yaml, service.yaml]
            namespace: shop
            """.write(to: directory.appendingPathComponent("kustomization.yaml"), atomically: true, encoding: .utf8)
        try """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: web}
            spec:
              rules:
              - host: shop.example.com
                http:
                  paths:
                  - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 8080}}}}
            """.write(to: directory.appendingPathComponent("ingress.yaml"), atomically: true, encoding: .utf8)
        try """
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec:
              ports: [{name: http, port: 80, targetPort: 8080}]
            """.write(to: directory.appendingPathComponent("service.yaml"), atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.kubectl))
        process.arguments = ["kustomize", directory.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let rendered = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)

        let outcome = try CLIRunner.run(["lint", "--format", "json", "-"], stdin: rendered)
        #expect(outcome.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let diagnostics = try #require(report["diagnostics"] as? [[String: Any]])
        let port = try #require(diagnostics.first { $0["rule"] as? String == "service-port-not-found" })
        #expect((port["object"] as? [String: Any])?["namespace"] as? String == "shop")
        #expect((port["hint"] as? String)?.contains("use 80") == true)
        let line = try #require((port["location"] as? [String: Any])?["line"] as? Int)
        let renderedLines = rendered.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(renderedLines[line - 1].contains("8080"))
    }
}
