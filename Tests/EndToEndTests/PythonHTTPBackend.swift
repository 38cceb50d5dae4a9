import Foundation

/// Python's http.server as a backend on a loopback port the kernel gives it (port 0: a port
/// picked beforehand could be taken by another test's listener in the meantime), answering with
/// the request handler class `H` given as Python source (which imports http.server).
final class PythonHTTPBackend {
    let process = Process()
    let port: Int

    init(handler: String) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", handler + """

            server = http.server.HTTPServer(("127.0.0.1", 0), H)
            print(server.server_address[1], flush=True)
            server.serve_forever()
            """]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var buffer = Data()
        while !buffer.contains(UInt8(ascii: "\n")) {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            buffer += data
        }
        let line = String(decoding: buffer, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let port = Int(line) else {
            kill(process.processIdentifier, SIGKILL)
            throw CLIRunnerError("the Python backend did not start: \(line)")
        }
        self.port = port
    }

    /// SIGKILL: the test runner may pass SIGTERM on as ignored, and the backend must not outlive
    /// the test.
    func stop() { kill(process.processIdentifier, SIGKILL) }

    deinit { stop() }
}
