import Foundation

/// The API server double (`api-server-double`) as a process on a loopback port of its own, with a
/// kubeconfig for it: what kubectl and ingress-guard are pointed at in the cluster tests.
final class APIServerProcess {
    let process = Process()
    let directory: URL
    private(set) var url = ""
    var kubeconfig: String { directory.appendingPathComponent("kubeconfig").path }

    init(fixtures: [String], extra: [String] = []) throws {
        directory = try CLIRunner.temporaryDirectory()
        process.executableURL = CLIRunner.binary.deletingLastPathComponent().appendingPathComponent("api-server-double")
        process.arguments = ["--fixtures"] + fixtures + ["--out", directory.path, "--token", "e2e-token=e2e"] + extra
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var buffer = ""
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            buffer += String(decoding: data, as: UTF8.self)
            if let range = buffer.range(of: "listening on ") {
                url = String(buffer[range.upperBound...]).trimmingCharacters(in: .whitespacesAndNewlines)
                return
            }
        }
        kill(process.processIdentifier, SIGKILL)
        throw CLIRunnerError("the API server double did not start: \(buffer)")
    }

    /// Writes fixture text to a file in the server's directory, for `init(fixtures:)`.
    static func fixture(_ text: String, name: String = "fixtures.yaml") throws -> String {
        let file = try CLIRunner.temporaryDirectory().appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    deinit { kill(process.processIdentifier, SIGKILL) }
}

/// kubectl against a kubeconfig, with a cache directory of its own.
enum Kubectl {
    static var available: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl") || FileManager.default.isExecutableFile(atPath: "/usr/local/bin/kubectl")
    }

    static func run(_ arguments: [String], kubeconfig: String) throws -> (status: Int32, stdout: String, stderr: String) {
        let cache = try CLIRunner.temporaryDirectory().path
        let outcome = try CLIRunner.tool("kubectl", ["--kubeconfig", kubeconfig, "--cache-dir", cache] + arguments)
        return (outcome.status, outcome.stdout, outcome.stderr)
    }
}
