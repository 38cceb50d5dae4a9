import Foundation
import Testing

/// What a project people adopt carries, and where its users already work: one version string
/// everywhere, the license and security policy, `-o yaml` as kubectl users type it, the binary as a
/// kubectl plugin (with the real kubectl), and shell completions for bash, zsh and fish.
@Suite struct DistributionTests {
    static let root = CLIRunner.repositoryRoot

    static func text(_ path: String) throws -> String {
        try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
    }

    @Test func oneVersionStringEverywhere() throws {
        let version = try CLIRunner.run(["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(version.split(separator: ".").count == 3, "\(version)")
        let json = try CLIRunner.run(["lint", "-o", "json", Self.root.appendingPathComponent("examples/good").path]).stdout
        #expect(json.contains("\"tool\": {\n    \"name\": \"ingress-guard\",\n    \"version\": \"\(version)\"") || json.contains("\"version\": \"\(version)\""), "\(json.prefix(200))")
        let sarif = try CLIRunner.run(["lint", "--format", "sarif", Self.root.appendingPathComponent("examples/good").path]).stdout
        #expect(sarif.contains("\"version\": \"\(version)\""))
        #expect(try Self.text("Dockerfile").contains("ARG VERSION=\(version)\n"))
        #expect(try Self.text("Dockerfile").contains("org.opencontainers.image.version=\"${VERSION}\""))
        #expect(try Self.text("webhook-manifests/base/deployment.yaml").contains("image: ghcr.io/ingress-guard/ingress-guard:\(version)\n"))
        let released = try Self.text("CHANGELOG.md").split(separator: "\n").first { $0.hasPrefix("## [") && !$0.contains("Unreleased") }
        #expect(released == "## [\(version)]", "\(released ?? "no release in CHANGELOG.md")")
        let license = try Self.text("LICENSE")
        #expect(license.contains("Apache License") && license.contains("Version 2.0, January 2004") && license.contains("END OF TERMS AND CONDITIONS"))
        #expect(try Self.text("SECURITY.md").contains("## Reporting a vulnerability"))
    }

    @Test func theYAMLReportIsTheJSONReport() throws {
        let input = Self.root.appendingPathComponent("examples/broken").path
        let yaml = try CLIRunner.run(["lint", "-o", "yaml", input])
        let json = try CLIRunner.run(["lint", "-o", "json", input])
        #expect(yaml.status == 1 && json.status == 1)
        let directory = try CLIRunner.temporaryDirectory()
        try yaml.stdout.write(to: directory.appendingPathComponent("r.yaml"), atomically: true, encoding: .utf8)
        try json.stdout.write(to: directory.appendingPathComponent("r.json"), atomically: true, encoding: .utf8)
        let compared = try CLIRunner.tool("python3", [
            "-c", "import json, sys, yaml; a = yaml.safe_load(open(sys.argv[1])); b = json.load(open(sys.argv[2])); sys.exit(0 if a == b and a['diagnostics'] else 1)",
            directory.appendingPathComponent("r.yaml").path, directory.appendingPathComponent("r.json").path,
        ])
        #expect(compared.status == 0, "\(compared.stderr)\n\(yaml.stdout.prefix(400))")
    }

    /// kubectl's plugin convention: an executable `kubectl-ingress_guard` on PATH is run for
    /// `kubectl ingress-guard ...`, with the rest of the command line as typed.
    @Test(.enabled(if: Kubectl.available)) func kubectlRunsItAsAPlugin() throws {
        let bin = try CLIRunner.temporaryDirectory()
        try FileManager.default.createSymbolicLink(atPath: bin.appendingPathComponent("kubectl-ingress_guard").path, withDestinationPath: CLIRunner.binary.path)
        let path = bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let env = URL(fileURLWithPath: "/usr/bin/env")
        let listed = try CLIRunner.program(env, ["kubectl", "plugin", "list"], environment: ["PATH": path])
        #expect(listed.stdout.contains("kubectl-ingress_guard"), "\(listed.stdout)\(listed.stderr)")
        let server = try APIServerProcess(fixtures: [try APIServerProcess.fixture("""
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: web, namespace: shop}
            spec:
              rules:
              - host: shop.example.com
                http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: missing, port: {number: 80}}}}]}
            """)])
        let run = try CLIRunner.program(env, ["kubectl", "ingress-guard", "lint", "--cluster", "--kubeconfig", server.kubeconfig, "-o", "json"], environment: ["PATH": path])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.contains("\"rule\": \"service-not-found\""), "\(run.stdout)")
        let version = try CLIRunner.program(env, ["kubectl", "ingress-guard", "--version"], environment: ["PATH": path])
        #expect(version.stdout == (try CLIRunner.run(["--version"]).stdout))
    }

    /// The argument parser's completion scripts, each checked by its own shell where installed
    /// (`.ci/run` installs zsh and fish).
    @Test(arguments: [("bash", ["-n"]), ("zsh", ["-n"]), ("fish", ["--no-execute"])])
    func completionScriptsForEachShell(shell: String, check: [String]) throws {
        let script = try CLIRunner.run(["--generate-completion-script", shell])
        #expect(script.status == 0, "\(script.stderr)")
        for command in ["lint", "webhook", "explain", "verify", "routes", "diff"] {
            #expect(script.stdout.contains(command), "\(shell): no \(command)")
        }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/\(shell)") || FileManager.default.isExecutableFile(atPath: "/bin/\(shell)") else {
            print("\(shell) is not installed: the script's syntax is not checked")
            return
        }
        let file = try CLIRunner.temporaryDirectory().appendingPathComponent("ingress-guard.\(shell)")
        try script.stdout.write(to: file, atomically: true, encoding: .utf8)
        let checked = try CLIRunner.tool(shell, check + [file.path])
        #expect(checked.status == 0, "\(shell): \(checked.stderr)")
    }

    /// What `swift package generate-manual` (the argument parser's plugin) renders the man page
    /// from: every command and its options.
    @Test func theManualSourceHoldsEveryCommand() throws {
        let dump = try CLIRunner.run(["--experimental-dump-help"])
        #expect(dump.status == 0, "\(dump.stderr)")
        let info = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        let command = try #require(info["command"] as? [String: Any])
        let names = Set((command["subcommands"] as? [[String: Any]] ?? []).compactMap { $0["commandName"] as? String })
        #expect(names.isSuperset(of: ["lint", "explain", "verify", "routes", "diff", "proxy", "snapshot", "webhook", "rules"]), "\(names)")
    }
}
