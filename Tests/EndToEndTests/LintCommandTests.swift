import Foundation
import Testing

@Suite struct LintCommandTests {
    static let clean = """
        apiVersion: networking.k8s.io/v1
        kind: IngressClass
        metadata:
          name: nginx
        spec:
          controller: k8s.io/ingress-nginx
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: web
        spec:
          ingressClassName: nginx
          rules:
          - host: shop.example.com
            http:
              paths:
              - path: /
                pathType: Prefix
                backend:
                  service:
                    name: web
                    port:
                      number: 80
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          ports:
          - port: 80
        """

    static let broken = clean.replacingOccurrences(of: "shop.example.com", with: "Shop.Example.com")

    func write(_ text: String, _ name: String, in directory: URL) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func cleanInputExitsZero() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let file = try write(Self.clean, "ok.yaml", in: directory)
        let outcome = try CLIRunner.run(["lint", file.path])
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("0 errors, 0 warnings, 0 info in 1 file, 3 objects"))
    }

    @Test(arguments: ["text", "json", "sarif", "junit", "github"])
    func findingsExitOneInEveryFormat(format: String) throws {
        let directory = try CLIRunner.temporaryDirectory()
        let file = try write(Self.broken, "bad.yaml", in: directory)
        let outcome = try CLIRunner.run(["lint", "--format", format, file.path])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("invalid-host"))
    }

    @Test func failOnNoneExitsZeroAndFailOnInfoCountsInfo() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let file = try write(Self.broken, "bad.yaml", in: directory)
        #expect(try CLIRunner.run(["lint", "--fail-on", "none", file.path]).status == 0)
        let partial = try write(Self.clean.components(separatedBy: "---")[1], "partial.yaml", in: directory)
        #expect(try CLIRunner.run(["lint", partial.path]).status == 0)
        #expect(try CLIRunner.run(["lint", "--fail-on", "info", partial.path]).status == 1)
        #expect(try CLIRunner.run(["lint", "--strict-references", partial.path]).status == 1)
    }

    @Test func toolFailuresExitTwoWithOneClearLine() throws {
        let missing = try CLIRunner.run(["lint", "/nonexistent/dir"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/nonexistent/dir"))
        let directory = try CLIRunner.temporaryDirectory()
        let file = try write(Self.clean, "ok.yaml", in: directory).path
        let badFormat = try CLIRunner.run(["lint", "--format", "xml", file])
        #expect(badFormat.status == 2 && badFormat.stderr.contains("xml"))
        let badRule = try CLIRunner.run(["lint", "--disable", "no-such-rule", file])
        #expect(badRule.status == 2 && badRule.stderr.contains("unknown rule \"no-such-rule\""))
        #expect(try CLIRunner.run(["lint"]).stderr.contains("no input"))
        #expect(try CLIRunner.run(["lint"]).status == 2)
        let badVersion = try CLIRunner.run(["lint", "--kube-version", "latest", file])
        #expect(badVersion.status == 2 && badVersion.stderr.contains("--kube-version"))
        let hugeCap = try CLIRunner.run(["lint", "--max-file-size", "9999999999999", file])
        #expect(hugeCap.status == 2 && !hugeCap.signalled)
        let unreadable = try CLIRunner.run(["lint", "/proc/self/mem"])
        #expect(unreadable.status == 2, "\(unreadable.stdout)\(unreadable.stderr)")
    }

    @Test func readsStandardInputLikeHelmOutput() throws {
        let helm = "---\n# Source: shop/templates/ingress.yaml\n" + Self.broken + "\n---\n# Source: shop/templates/empty.yaml\n"
        let outcome = try CLIRunner.run(["lint", "-"], stdin: helm)
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("<stdin>:17:"))
    }

    @Test func syntaxErrorInOneFileStillLintsTheOthers() throws {
        let directory = try CLIRunner.temporaryDirectory()
        _ = try write("kind: [oops\n", "a-broken.yaml", in: directory)
        _ = try write(Self.broken, "b-bad.yaml", in: directory)
        let outcome = try CLIRunner.run(["lint", "--format", "json", directory.path])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("\"invalid-manifest\""))
        #expect(outcome.stdout.contains("\"invalid-host\""))
        #expect(outcome.stdout.contains("\"files\": 2"))
    }

    @Test func outputFileIsWrittenAndInputsAreNeverOverwritten() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let file = try write(Self.broken, "bad.yaml", in: directory)
        let report = directory.appendingPathComponent("report.json")
        let outcome = try CLIRunner.run(["lint", "--format", "json", "--output", report.path, file.path])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.isEmpty)
        #expect(try String(contentsOf: report, encoding: .utf8).contains("\"invalid-host\""))
        let clobber = try CLIRunner.run(["lint", "--output", file.path, file.path])
        #expect(clobber.status == 2)
        #expect(try String(contentsOf: file, encoding: .utf8) == Self.broken)
    }

    @Test func configurationIsFoundUpwardFromTheWorkingDirectory() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let nested = directory.appendingPathComponent("apps/shop")
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        _ = try write("rules:\n  invalid-host: off\n", ".ingress-guard.yaml", in: directory)
        let file = try write(Self.broken, "bad.yaml", in: nested)
        let outcome = try CLIRunner.run(["lint", file.path], cwd: nested)
        #expect(outcome.status == 0, "\(outcome.stdout)")
        #expect(outcome.stdout.contains("(1 suppressed)"))
        let broken = try CLIRunner.run(["lint", "--config", "/nonexistent.yaml", file.path])
        #expect(broken.status == 2)
        _ = try write("rules: {invalid-host: loud}\n", "bad-config.yaml", in: directory)
        let invalid = try CLIRunner.run(["lint", "--config", directory.appendingPathComponent("bad-config.yaml").path, file.path])
        #expect(invalid.status == 2)
        #expect(invalid.stderr.contains("bad-config.yaml:1:"))
    }

    @Test func secretKeyMaterialNeverAppearsInAnyFormat() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let material = "U0VDUkVULUtFWS1NQVRFUklBTA=="
        let secret = """
            apiVersion: v1
            kind: Secret
            metadata:
              name: tls
              annotations: {rotated: yes}
            type: kubernetes.io/tls
            data:
              tls.crt: \(material)
              tls.key: \(material)
              bad key: {nested: \(material)}
            """
        let file = try write(secret, "secret.yaml", in: directory)
        for format in ["text", "json", "sarif", "junit", "github"] {
            let outcome = try CLIRunner.run(["lint", "--format", format, file.path])
            #expect(outcome.status == 1)
            #expect(!outcome.stdout.contains(material) && !outcome.stderr.contains(material), "\(format) leaked key material")
        }
    }

    @Test func aFileNamedTwiceIsReadOnce() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let file = try write(Self.clean, "ok.yaml", in: directory)
        let outcome = try CLIRunner.run(["lint", "--format", "json", directory.path, file.path, directory.path + "/./ok.yaml"])
        #expect(outcome.status == 0, "\(outcome.stdout)")
        #expect(outcome.stdout.contains("\"files\": 1"))
    }

    @Test func githubFormatCannotBeInjectedThroughAManifest() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let hostile = Self.clean.replacingOccurrences(of: "path: /\n", with: "path: \"/a\\r\\n::error file=README.md,line=1::injected\\r\\n\"\n")
        let file = try write(hostile, "hostile.yaml", in: directory)
        let outcome = try CLIRunner.run(["lint", "--format", "github", "--fail-on", "none", file.path])
        #expect(outcome.stdout.contains("path-unsafe-characters"), "\(outcome.stdout)")
        #expect(outcome.stdout.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).allSatisfy { $0.hasPrefix("::") && !$0.hasPrefix("::error file=README.md") })
        let text = try CLIRunner.run(["lint", "--fail-on", "none", file.path])
        #expect(!text.stdout.contains("\r"))
    }

    @Test func rulesCommandsWorkWithoutTheRepository() throws {
        let elsewhere = try CLIRunner.temporaryDirectory()
        let list = try CLIRunner.run(["rules", "list"], cwd: elsewhere)
        #expect(list.status == 0)
        #expect(list.stdout.contains("invalid-host"))
        let show = try CLIRunner.run(["rules", "show", "missing-path-type"], cwd: elsewhere)
        #expect(show.status == 0)
        #expect(show.stdout.contains("Fix:"))
        #expect(try CLIRunner.run(["rules", "show", "nope"]).status == 2)
        let json = try CLIRunner.run(["rules", "list", "--format", "json"])
        #expect((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [Any])?.isEmpty == false)
    }

    @Test func embeddedExampleLintsAsTheReadmeSays() throws {
        let outcome = try CLIRunner.run(["lint", "examples/broken", "examples/good"], cwd: CLIRunner.repositoryRoot)
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("examples/broken/"))
        let goodProblems = outcome.stdout.split(separator: "\n").filter {
            $0.hasPrefix("examples/good/") && ($0.contains(": error[") || $0.contains(": warning["))
        }
        #expect(goodProblems.isEmpty, "\(goodProblems)")
    }
}
