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
        let tool = (try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["tool"] as? [String: Any]
        #expect(tool?["version"] as? String == version, "\(json.prefix(200))")
        let sarif = try CLIRunner.run(["lint", "--format", "sarif", Self.root.appendingPathComponent("examples/good").path]).stdout
        let runs = (try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])?["runs"] as? [[String: Any]]
        let driver = (runs?.first?["tool"] as? [String: Any])?["driver"] as? [String: Any]
        #expect(driver?["version"] as? String == version, "\(sarif.prefix(300))")
        #expect(try Self.text("Dockerfile").contains("org.opencontainers.image.version=\"\(version)\""))
        // The Action's image: the release's, as root (GitHub's requirement for Docker actions).
        let actionImage = try Self.text("ci/action/Dockerfile")
        #expect(actionImage.contains("FROM ghcr.io/ingress-guard/ingress-guard:\(version)\n") && actionImage.contains("USER root"))
        #expect(try Self.text("action.yml").contains("image: ci/action/Dockerfile\n"))
        #expect(try Self.text("webhook-manifests/base/deployment.yaml").contains("image: ghcr.io/ingress-guard/ingress-guard:\(version)\n"))
        let released = try Self.text("CHANGELOG.md").split(separator: "\n").first { $0.hasPrefix("## [") && !$0.contains("Unreleased") }
        #expect(released == "## [\(version)]", "\(released ?? "no release in CHANGELOG.md")")
        #expect(try Self.text("ci/ingress-guard.gitlab-ci.yml").contains("name: ghcr.io/ingress-guard/ingress-guard:\(version)\n"))
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

    static var schemaCheckerAvailable: Bool {
        (try? CLIRunner.tool("check-jsonschema", ["--version"]).status) == 0
    }

    /// action.yml and the GitLab template against the schemas SchemaStore publishes for them
    /// (vendored by check-jsonschema, which .ci/run installs).
    @Test(.enabled(if: schemaCheckerAvailable)) func theCIDefinitionsValidateAgainstTheirSchemas() throws {
        for (schema, file) in [("vendor.github-actions", "action.yml"), ("vendor.gitlab-ci", "ci/ingress-guard.gitlab-ci.yml")] {
            let checked = try CLIRunner.tool("check-jsonschema", ["--builtin-schema", schema, Self.root.appendingPathComponent(file).path])
            #expect(checked.status == 0, "\(file): \(checked.stdout)\(checked.stderr)")
        }
    }

    /// A directory on PATH where `ingress-guard` is the binary under test, as in the image.
    static func imagePath() throws -> String {
        let bin = try CLIRunner.temporaryDirectory()
        try FileManager.default.createSymbolicLink(atPath: bin.appendingPathComponent("ingress-guard").path, withDestinationPath: CLIRunner.binary.path)
        return bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    }

    /// The Action's entrypoint as the runner starts it: `sh -c SCRIPT NAME INPUTS...`, the inputs
    /// (defaults unless given) substituted for `${{ inputs.* }}`.
    static func runAction(_ inputs: [String: String], cwd: URL) throws -> CLIRunner.Outcome {
        let program = """
            import json, sys, yaml
            action = yaml.safe_load(open(sys.argv[1]))
            given = json.loads(sys.argv[2])
            values = {name: given.get(name, spec.get("default", "")) for name, spec in action["inputs"].items()}
            args = []
            for arg in action["runs"]["args"]:
                for name, value in values.items():
                    arg = arg.replace("${{ inputs.%s }}" % name, value)
                args.append(arg)
            print(json.dumps([action["runs"]["entrypoint"]] + args))
            """
        let input = String(decoding: try JSONSerialization.data(withJSONObject: inputs), as: UTF8.self)
        let rendered = try CLIRunner.tool("python3", ["-c", program, Self.root.appendingPathComponent("action.yml").path, input])
        let command = try #require(try JSONSerialization.jsonObject(with: Data(rendered.stdout.utf8)) as? [String], "\(rendered.stderr)")
        return try CLIRunner.program(URL(fileURLWithPath: command[0]), Array(command.dropFirst()), cwd: cwd, environment: ["PATH": try imagePath()])
    }

    @Test func theActionsEntrypointLintsWithItsInputs() throws {
        let work = try CLIRunner.temporaryDirectory()
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("examples/broken"), to: work.appendingPathComponent("broken"))
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("examples/good"), to: work.appendingPathComponent("good"))
        let annotations = try Self.runAction(["paths": "broken good"], cwd: work)
        #expect(annotations.status == 1, "\(annotations.stderr)")
        #expect(annotations.stdout.contains("::error file=broken/"), "\(annotations.stdout)")
        let sarif = try Self.runAction(["paths": "good", "format": "sarif", "output": "ingress-guard.sarif", "fail-on": "none"], cwd: work)
        #expect(sarif.status == 0, "\(sarif.stderr)")
        let written = try String(contentsOf: work.appendingPathComponent("ingress-guard.sarif"), encoding: .utf8)
        #expect(written.contains("\"$schema\"") && written.contains("2.1.0"))
        try "rules:\n  invalid-manifest: off\n  unknown-field: off\n".write(to: work.appendingPathComponent("quiet.yaml"), atomically: true, encoding: .utf8)
        let configured = try Self.runAction(["paths": "broken", "config": "quiet.yaml", "fail-on": "error"], cwd: work)
        #expect(!configured.stdout.contains("title=invalid-manifest"), "\(configured.stdout)")
        // An input is data, never shell text.
        let hostile = try Self.runAction(["paths": "good", "format": "github; touch pwned"], cwd: work)
        #expect(hostile.status == 2 && !FileManager.default.fileExists(atPath: work.appendingPathComponent("pwned").path))
    }

    /// The GitLab template's report: GitLab's documented Code Quality fields, checked with
    /// jsonschema; a fingerprint per issue.
    @Test func theGitLabCodeQualityReportHasGitLabsFields() throws {
        let work = try CLIRunner.temporaryDirectory()
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("examples/broken"), to: work.appendingPathComponent("broken"))
        let script = try CLIRunner.tool("python3", [
            "-c", "import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))['ingress-guard']['script'][0])",
            Self.root.appendingPathComponent("ci/ingress-guard.gitlab-ci.yml").path,
        ]).stdout
        // As GitLab runs it: the including pipeline's variable in the environment.
        let run = try CLIRunner.program(URL(fileURLWithPath: "/bin/sh"), ["-c", script], cwd: work, environment: ["PATH": try Self.imagePath(), "INGRESS_GUARD_PATHS": "./broken"])
        #expect(run.status == 0, "the report step never fails the job: \(run.stderr)")
        let report = work.appendingPathComponent("gl-code-quality-report.json").path
        let checked = try CLIRunner.tool("python3", ["-c", """
            import json, sys, jsonschema
            schema = {"type": "array", "minItems": 1, "items": {"type": "object",
                "required": ["description", "check_name", "fingerprint", "severity", "location"],
                "properties": {"description": {"type": "string"}, "check_name": {"type": "string"},
                    "fingerprint": {"type": "string", "minLength": 1},
                    "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
                    "location": {"type": "object", "required": ["path", "lines"], "properties": {
                        "path": {"type": "string"}, "lines": {"type": "object", "required": ["begin"], "properties": {"begin": {"type": "integer", "minimum": 1}}}}}}}}
            issues = json.load(open(sys.argv[1]))
            jsonschema.validate(issues, schema)
            assert len({issue["fingerprint"] for issue in issues}) == len(issues), "fingerprints repeat"
            assert all(issue["location"]["path"].startswith("broken/") for issue in issues), "paths are relative, without ./"
            """, report])
        #expect(checked.status == 0, "\(checked.stderr)")
        // A line added above every finding changes no fingerprint: GitLab shows nothing as new.
        let before = try String(contentsOfFile: report, encoding: .utf8)
        for file in try FileManager.default.contentsOfDirectory(atPath: work.appendingPathComponent("broken").path) {
            let url = work.appendingPathComponent("broken/\(file)")
            try ("# a comment\n" + (try String(contentsOf: url, encoding: .utf8))).write(to: url, atomically: true, encoding: .utf8)
        }
        _ = try CLIRunner.program(URL(fileURLWithPath: "/bin/sh"), ["-c", script], cwd: work, environment: ["PATH": try Self.imagePath(), "INGRESS_GUARD_PATHS": "./broken"])
        let after = try String(contentsOfFile: report, encoding: .utf8)
        func fingerprints(_ json: String) -> [String] {
            ((try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [[String: Any]] ?? []).compactMap { $0["fingerprint"] as? String }.sorted()
        }
        #expect(!fingerprints(before).isEmpty && fingerprints(before) == fingerprints(after))
    }
}
