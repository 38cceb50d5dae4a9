import Foundation
import Testing

/// The real `pre-commit` tool runs this repository's hook (built from source by pre-commit itself)
/// against a sample repository.
@Suite struct PreCommitHookTests {
    struct CommandFailure: Error, CustomStringConvertible {
        var description: String
    }

    @discardableResult
    func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// One release build, not two: `pre-commit try-repo` clones the repository anew on every call
    /// (and so builds the hook again, about 7 minutes each on CI's machine), while `pre-commit run`
    /// keeps the environment it built in PRE_COMMIT_HOME. The hook is taken at the repository's
    /// HEAD (CI runs on a clean clone, where HEAD is the tree under test).
    @Test(.timeLimit(.minutes(30)))
    func hookRejectsABadIngressAndAcceptsTheFix() throws {
        let sample = try CLIRunner.temporaryDirectory()
        let home = try CLIRunner.temporaryDirectory()
        let environment = [
            "PRE_COMMIT_HOME": home.path,
            "GIT_AUTHOR_NAME": "ci", "GIT_AUTHOR_EMAIL": "ci@example.com",
            "GIT_COMMITTER_NAME": "ci", "GIT_COMMITTER_EMAIL": "ci@example.com",
        ]
        let hookRepository = CLIRunner.repositoryRoot.path
        let (revStatus, revOutput) = try run(["git", "-C", hookRepository, "rev-parse", "HEAD"], in: sample)
        #expect(revStatus == 0, "\(revOutput)")
        let rev = revOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        try run(["git", "init", "-q"], in: sample)
        try """
            repos:
              - repo: \(hookRepository)
                rev: \(rev)
                hooks:
                  - id: ingress-guard
            """.write(to: sample.appendingPathComponent(".pre-commit-config.yaml"), atomically: true, encoding: .utf8)
        let bad = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: web}
            spec:
              rules:
              - host: Shop.example.com
                http:
                  paths:
                  - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
            """
        try bad.write(to: sample.appendingPathComponent("ingress.yaml"), atomically: true, encoding: .utf8)
        try run(["git", "add", "."], in: sample)

        let (failed, failedOutput) = try run(["pre-commit", "run", "ingress-guard", "--all-files", "--verbose"], in: sample, environment: environment)
        #expect(failed == 1, "\(failedOutput)")
        #expect(failedOutput.contains("invalid-host"), "\(failedOutput)")

        try bad.replacingOccurrences(of: "Shop.example.com", with: "shop.example.com")
            .write(to: sample.appendingPathComponent("ingress.yaml"), atomically: true, encoding: .utf8)
        try run(["git", "add", "."], in: sample)
        let (passed, passedOutput) = try run(["pre-commit", "run", "ingress-guard", "--all-files"], in: sample, environment: environment)
        #expect(passed == 0, "\(passedOutput)")
    }
}
