import Foundation

/// An `ingress-guard proxy` process on a loopback port of its own choosing, for tests with real
/// sockets and real clients.
final class ProxyProcess {
    let process = Process()
    private let output = Pipe()
    private(set) var lines: [String] = []
    private(set) var baseURL = ""
    /// `https://127.0.0.1:PORT` when started with `--tls-listen`.
    private(set) var tlsBaseURL: String?

    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }

    init(_ arguments: [String], cwd: URL? = nil) throws {
        process.executableURL = CLIRunner.binary
        process.arguments = ["proxy", "--listen", "127.0.0.1:0"] + arguments
        if let cwd { process.currentDirectoryURL = cwd }
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        var buffer = ""
        while Date() < deadline {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty {
                if !process.isRunning { break }
                continue
            }
            buffer += String(decoding: data, as: UTF8.self)
            lines = buffer.split(separator: "\n").map(String.init)
            if let serving = lines.first(where: { $0.hasPrefix("serving ") && $0.contains(" on http://") }), let range = serving.range(of: "http://") {
                baseURL = String(serving[range.lowerBound...])
                if let secure = lines.first(where: { $0.hasPrefix("serving ") && $0.contains(" on https://") }), let tlsRange = secure.range(of: "https://") {
                    tlsBaseURL = String(secure[tlsRange.lowerBound...])
                }
                return
            }
        }
        process.terminate()
        throw StartFailure(description: "proxy did not start: \(buffer)")
    }

    /// What the process wrote after start-up (call after `stop()`).
    func remainingOutput() -> String {
        lines.joined(separator: "\n") + "\n" + String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    /// SIGTERM, then the exit status.
    func stop() -> Int32 {
        process.terminate()
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { process.terminate() }
    }
}

/// curl, with the Host header and path given separately, as a client behind DNS would send them.
enum Curl {
    struct Response {
        var status: Int
        var headers: String
        var body: String
    }

    static func get(_ base: String, host: String, path: String, extra: [String] = []) throws -> Response {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["curl", "-s", "-i", "--max-time", "10", "-H", "Host: \(host)"] + extra + [base + path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let parts = text.components(separatedBy: "\r\n\r\n")
        let headers = parts.first ?? ""
        let status = Int(headers.split(separator: " ").dropFirst().first ?? "") ?? 0
        return Response(status: status, headers: headers, body: parts.dropFirst().joined(separator: "\r\n\r\n"))
    }
}
