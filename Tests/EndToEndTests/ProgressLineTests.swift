import Foundation
import Testing

/// A lint run that takes seconds shows it on a terminal (a pseudo-terminal here), and never in a
/// pipe, in a CI log, or for a run too short to need it.
@Suite struct ProgressLineTests {
    /// Runs lint with standard error on a pseudo-terminal; what the terminal received.
    static func onTerminal(_ path: String, environment: [String: String] = [:]) throws -> (status: Int32, terminal: String) {
        let program = """
            import json, os, pty, subprocess, sys
            env = {k: v for k, v in os.environ.items() if k != "CI"}
            env["TERM"] = "xterm"
            env.update(json.loads(sys.argv[3]))
            master, slave = pty.openpty()
            process = subprocess.Popen([sys.argv[1], "lint", sys.argv[2]], stdout=subprocess.DEVNULL, stderr=slave, env=env)
            os.close(slave)
            data = b""
            while True:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                data += chunk
            sys.stdout.write(json.dumps({"status": process.wait(), "terminal": data.decode("utf-8", "replace")}))
            """
        let env = String(decoding: try JSONSerialization.data(withJSONObject: environment), as: UTF8.self)
        let run = try CLIRunner.tool("python3", ["-c", program, CLIRunner.binary.path, path, env])
        let result = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
        return (Int32(result["status"] as? Int ?? -1), result["terminal"] as? String ?? "")
    }

    /// 6,000 small files: well over the 300 ms before a line is drawn, even on a fast machine.
    static func largeInput() throws -> String {
        let directory = try CLIRunner.temporaryDirectory()
        for index in 0..<6000 {
            try """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: app-\(index), namespace: team}
                spec:
                  rules:
                  - host: app-\(index).example.com
                    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: app-\(index), port: {number: 80}}}}]}
                """.write(to: directory.appendingPathComponent("app-\(index).yaml"), atomically: false, encoding: .utf8)
        }
        return directory.path
    }

    @Test func aLongRunShowsItsProgressOnATerminalOnly() throws {
        let input = try Self.largeInput()
        let shown = try Self.onTerminal(input)
        #expect(shown.status == 0)
        #expect(shown.terminal.contains("/6000 read"), "\(shown.terminal.suffix(300))")
        #expect(shown.terminal.hasSuffix("\r\u{1B}[K"), "the line is cleared before the report: \(shown.terminal.suffix(100))")
        let inCI = try Self.onTerminal(input, environment: ["CI": "true"])
        #expect(!inCI.terminal.contains("\u{1B}[K"), "\(inCI.terminal.prefix(200))")
        let piped = try CLIRunner.run(["lint", input])
        #expect(!piped.stderr.contains("\u{1B}[K") && !piped.stderr.contains("read"), "\(piped.stderr.prefix(200))")
        let small = try Self.onTerminal(CLIRunner.repositoryRoot.appendingPathComponent("examples/good").path)
        #expect(small.terminal.isEmpty, "\(small.terminal)")
    }
}
