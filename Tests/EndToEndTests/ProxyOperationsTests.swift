import Foundation
import Testing

/// Reload, slow clients, oversized headers and the access log, with real sockets.
@Suite(.serialized) struct ProxyOperationsTests {
    static func manifest(a: String, b: String) -> String {
        """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: swap}
        spec:
          rules:
          - http:
              paths:
              - {path: /a, pathType: Prefix, backend: {service: {name: \(a), port: {number: 80}}}}
              - {path: /b, pathType: Prefix, backend: {service: {name: \(b), port: {number: 80}}}}
        """
    }

    func service(_ response: Curl.Response) -> String? {
        ((try? JSONSerialization.jsonObject(with: Data(response.body.utf8))) as? [String: Any])?["service"] as? String
    }

    @Test func reloadSwapsTheTableUnderTrafficWithoutFailedRequests() throws {
        let file = try CLIRunner.temporaryDirectory().appendingPathComponent("swap.yaml")
        try Self.manifest(a: "one", b: "two").write(to: file, atomically: true, encoding: .utf8)
        let proxy = try ProxyProcess([file.path, "--echo"])
        #expect(service(try Curl.get(proxy.baseURL, host: "x.example.com", path: "/a")) == "one")
        var statuses: [Int] = []
        var swapped = false
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if !swapped && statuses.count == 10 {
                try Self.manifest(a: "two", b: "one").write(to: file, atomically: true, encoding: .utf8)
                swapped = true
            }
            let response = try Curl.get(proxy.baseURL, host: "x.example.com", path: "/a")
            statuses.append(response.status)
            if swapped && service(response) == "two" { break }
        }
        #expect(statuses.allSatisfy { $0 == 200 }, "\(statuses)")
        #expect(service(try Curl.get(proxy.baseURL, host: "x.example.com", path: "/a")) == "two")
        // An invalid change is rejected; the running table stays.
        try "kind: [broken".write(to: file, atomically: true, encoding: .utf8)
        Thread.sleep(forTimeInterval: 2.5)
        #expect(service(try Curl.get(proxy.baseURL, host: "x.example.com", path: "/a")) == "two")
        #expect(proxy.stop() == 0)
    }

    @Test func slowClientsAreCutOffAndHugeHeadersRefused() throws {
        let file = try CLIRunner.temporaryDirectory().appendingPathComponent("swap.yaml")
        try Self.manifest(a: "one", b: "two").write(to: file, atomically: true, encoding: .utf8)
        let proxy = try ProxyProcess([file.path, "--echo", "--header-timeout", "1"])
        let port = Int(proxy.baseURL.split(separator: ":").last ?? "") ?? 0
        let started = Date()
        let closed = try RawClient.sendAndWaitForClose(port: port, bytes: "GET /a HTTP/1.1\r\nHost: x.example.com\r\nX-Slow: ", limit: 6)
        #expect(closed, "the proxy kept a half-sent request head open")
        #expect(Date().timeIntervalSince(started) < 5)
        let headerFile = try CLIRunner.temporaryDirectory().appendingPathComponent("big-header")
        try ("X-Big: " + String(repeating: "a", count: 200_000) + "\n").write(to: headerFile, atomically: true, encoding: .utf8)
        let huge = try Curl.get(proxy.baseURL, host: "x.example.com", path: "/a", extra: ["-H", "@" + headerFile.path])
        #expect(huge.status == 431 || huge.status == 400 || huge.status == 0, "status \(huge.status)")
        #expect(proxy.stop() == 0)
    }

    @Test func shutdownLetsRequestsInFlightFinish() throws {
        let arrived = try CLIRunner.temporaryDirectory().appendingPathComponent("arrived")
        let backend = try PythonHTTPBackend(handler: """
            import http.server, time
            class H(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    open("\(arrived.path)", "w").close()
                    time.sleep(1.5)
                    self.send_response(200); self.send_header("Content-Length", "4"); self.end_headers(); self.wfile.write(b"slow")
                def log_message(self, *a): pass
            """)
        defer { backend.stop() }
        let port = backend.port
        let file = try CLIRunner.temporaryDirectory().appendingPathComponent("slow.yaml")
        try Self.manifest(a: "slow", b: "slow").write(to: file, atomically: true, encoding: .utf8)
        let proxy = try ProxyProcess([file.path, "--backend", "slow:80=http://127.0.0.1:\(port)"])
        let result = LockedResponse()
        let done = DispatchSemaphore(value: 0)
        let base = proxy.baseURL
        DispatchQueue.global().async {
            result.set(try? Curl.get(base, host: "x.example.com", path: "/a"))
            done.signal()
        }
        // Stop only once the request is in flight: it has reached the backend.
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: arrived.path) && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        #expect(proxy.stop() == 0)
        done.wait()
        #expect(result.get()?.status == 200)
        #expect(result.get()?.body == "slow")
    }

    @Test func requestSmugglingShapesAreRefusedAndPathsAreMatchedAsReceived() throws {
        let file = try CLIRunner.temporaryDirectory().appendingPathComponent("paths.yaml")
        try """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: paths}
            spec:
              rules:
              - http:
                  paths:
                  - {path: /public, pathType: Prefix, backend: {service: {name: public, port: {number: 80}}}}
                  - {path: /admin, pathType: Prefix, backend: {service: {name: admin, port: {number: 80}}}}
            """.write(to: file, atomically: true, encoding: .utf8)
        let proxy = try ProxyProcess([file.path, "--echo"])
        let twice = try Curl.get(proxy.baseURL, host: "x.example.com", path: "/public", extra: [
            "-X", "POST", "-H", "Content-Length: 4", "-H", "Content-Length: 5", "--data-binary", "abcd",
        ])
        #expect(twice.status == 400)
        let port = Int(proxy.baseURL.split(separator: ":").last ?? "") ?? 0
        let folded = try RawClient.exchange(port: port, bytes: "GET /public HTTP/1.1\r\nHost: x.example.com\r\nX-Folded: a\r\n b\r\n\r\n")
        #expect(folded.hasPrefix("HTTP/1.1 400"), "\(folded.prefix(60))")
        let traversal = try Curl.get(proxy.baseURL, host: "x.example.com", path: "/public/../admin", extra: ["--path-as-is"])
        #expect(service(traversal) == "public")
        let encoded = try Curl.get(proxy.baseURL, host: "x.example.com", path: "/public/%2e%2e/admin", extra: ["--path-as-is"])
        #expect(service(encoded) == "public")
        #expect(proxy.stop() == 0)
    }

    @Test func everyRequestIsLogged() throws {
        let file = try CLIRunner.temporaryDirectory().appendingPathComponent("swap.yaml")
        try Self.manifest(a: "one", b: "two").write(to: file, atomically: true, encoding: .utf8)
        let proxy = try ProxyProcess([file.path, "--echo"])
        _ = try Curl.get(proxy.baseURL, host: "x.example.com", path: "/b/1")
        _ = try Curl.get(proxy.baseURL, host: "x.example.com", path: "/none")
        #expect(proxy.stop() == 0)
        let log = proxy.remainingOutput()
        #expect(log.contains("GET x.example.com/b/1 status=200 backend=default/two:80"), "\(log)")
        #expect(log.contains("GET x.example.com/none status=404"))
    }
}

final class LockedResponse: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Curl.Response?
    func set(_ new: Curl.Response?) { lock.lock(); value = new; lock.unlock() }
    func get() -> Curl.Response? { lock.lock(); defer { lock.unlock() }; return value }
}

/// A raw TCP client: sends bytes and reports whether the server closed within `limit` seconds.
enum RawClient {
    /// A loopback connection that has sent `bytes`; the caller closes it.
    static func connected(port: Int, sending bytes: String) throws -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(descriptor)
            throw CLIRunnerError("cannot connect")
        }
        _ = bytes.withCString { send(descriptor, $0, strlen($0), 0) }
        return descriptor
    }

    /// Sends bytes and returns what the server answers before closing (up to 5 s).
    static func exchange(port: Int, bytes: String) throws -> String {
        let descriptor = try connected(port: port, sending: bytes)
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }

    static func sendAndWaitForClose(port: Int, bytes: String, limit: Int) throws -> Bool {
        let descriptor = try connected(port: port, sending: bytes)
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: limit, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 1024)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count == 0 { return true }
            if count < 0 { return false }
        }
    }
}
