import CertificateFixtures
import Foundation
import Testing

/// The webhook as a process and the clients the webhook tests speak to it with.
extension WebhookTests {
    /// Serving material from a CA made here, written where the webhook reads it.
    struct Material {
        var pki: CertificateFixtures.ServingPKI
        var directory: URL
        var ca: String { directory.appendingPathComponent("ca.crt").path }
        var certificate: String { directory.appendingPathComponent("tls.crt").path }
        var key: String { directory.appendingPathComponent("tls.key").path }

        init() throws {
            pki = CertificateFixtures.makeServingPKI(dnsNames: [WebhookTests.serviceName])
            directory = try CLIRunner.temporaryDirectory()
            try pki.caPEM.write(toFile: ca, atomically: true, encoding: .utf8)
            try pki.serverCertificatePEM.write(toFile: certificate, atomically: true, encoding: .utf8)
            try pki.serverKeyPEM.write(toFile: key, atomically: true, encoding: .utf8)
        }

        /// A new serving pair from the same CA, each file replaced atomically (as a Secret volume does).
        func rotate() throws {
            let next = pki.serverCertificate(dnsNames: [WebhookTests.serviceName])
            try next.keyPEM.write(toFile: key, atomically: true, encoding: .utf8)
            try next.certificatePEM.write(toFile: certificate, atomically: true, encoding: .utf8)
        }
    }

    final class WebhookProcess {
        let process = Process()
        let output = Pipe()
        private(set) var port = 0
        private(set) var metricsPort = 0
        let lines = LockedLines()

        convenience init(_ arguments: [String], material: Material) throws {
            try self.init(arguments, certificate: material.certificate, key: material.key)
        }

        init(_ arguments: [String], certificate: String, key: String) throws {
            process.executableURL = CLIRunner.binary
            process.arguments = ["webhook", "--tls-cert", certificate, "--tls-key", key, "--listen", "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0"] + arguments
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(60)
            var buffer = ""
            while Date() < deadline {
                let data = output.fileHandleForReading.availableData
                if data.isEmpty { break }
                buffer += String(decoding: data, as: UTF8.self)
                if let line = buffer.split(separator: "\n").first(where: { $0.hasPrefix("listening on https://") }) {
                    let numbers = line.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
                    port = numbers.count >= 10 ? numbers[4] : 0
                    metricsPort = numbers.count >= 10 ? numbers[9] : 0
                    let reader = output.fileHandleForReading
                    let lines = self.lines
                    Thread.detachNewThread {
                        while true {
                            let data = reader.availableData
                            if data.isEmpty { lines.finish(); return }
                            lines.append(String(decoding: data, as: UTF8.self))
                        }
                    }
                    return
                }
            }
            kill(process.processIdentifier, SIGKILL)
            throw CLIRunnerError("the webhook did not start: \(buffer)")
        }

        /// Whether /readyz answered 200 (the cluster state read) before the deadline.
        func waitUntilReady(seconds: Double = 60) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if (try? Curl.get("http://127.0.0.1:\(metricsPort)", host: "x", path: "/readyz").status) == 200 { return true }
                Thread.sleep(forTimeInterval: 0.05)
            }
            return false
        }

        /// Stops the webhook; returns its exit status once its last log line has been read.
        func stop() -> Int32 {
            process.terminate()
            process.waitUntilExit()
            _ = lines.waitUntilFinished(seconds: 10)
            return process.terminationStatus
        }

        deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
    }

    final class LockedLines: @unchecked Sendable {
        private let lock = NSLock()
        private var text = ""
        private var finished = false
        func append(_ more: String) { lock.lock(); text += more; lock.unlock() }
        var all: String { lock.lock(); defer { lock.unlock() }; return text }
        /// The reader saw the end of the output: the process and its log are done.
        func finish() { lock.lock(); finished = true; lock.unlock() }

        func waitUntilFinished(seconds: Double) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while !(lock.withLock { finished }) {
                guard Date() < deadline else { return false }
                Thread.sleep(forTimeInterval: 0.01)
            }
            return true
        }

        /// Whether `needle` arrives within `seconds` (a bound for giving up): the webhook writes its
        /// log in batches up to 20 ms apart, so a line can trail the event that caused it.
        func contains(_ needle: String, within seconds: Double = 10) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while !all.contains(needle) {
                guard Date() < deadline else { return false }
                Thread.sleep(forTimeInterval: 0.02)
            }
            return true
        }
    }

    /// curl, verifying the webhook's certificate for its Service name.
    static func post(
        _ webhook: WebhookProcess, material: Material, body: Data, contentType: String = "application/json", extra: [String] = [], path: String = "/validate"
    ) throws -> (status: Int, json: [String: Any]?, text: String) {
        let file = try CLIRunner.temporaryDirectory().appendingPathComponent("body.json")
        try body.write(to: file)
        let curl = try CLIRunner.tool("curl", [
            "-sS", "--max-time", "10", "--cacert", material.ca, "--resolve", "\(serviceName):\(webhook.port):127.0.0.1",
            "-H", "Content-Type: \(contentType)", "--data-binary", "@\(file.path)", "-w", "\n%{http_code}",
        ] + extra + ["https://\(serviceName):\(webhook.port)\(path)"])
        let status = Int(curl.stdout.split(separator: "\n").last ?? "") ?? 0
        let json = curl.stdout.split(separator: "\n").dropLast().joined(separator: "\n")
        return (status, (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any], status == 0 ? "curl exit \(curl.status): \(curl.stderr)" : json)
    }

    static func review(_ file: String, change: (inout [String: Any]) -> Void = { _ in }) throws -> Data {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(specDirectory)/\(file)"))) as? [String: Any])
        change(&object)
        return try JSONSerialization.data(withJSONObject: object)
    }

    static func setPath(_ object: inout [String: Any], _ path: [String], _ value: Any) {
        guard let first = path.first else { return }
        if path.count == 1 {
            object[first] = value
            return
        }
        var child = object[first] as? [String: Any] ?? [:]
        setPath(&child, Array(path.dropFirst()), value)
        object[first] = child
    }

    static func response(_ reply: (status: Int, json: [String: Any]?, text: String)) -> [String: Any] {
        reply.json?["response"] as? [String: Any] ?? [:]
    }
}
