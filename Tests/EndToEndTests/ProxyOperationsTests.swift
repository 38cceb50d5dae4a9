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
        let deadline = Date().addingTimeInterval(8)
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

/// A raw TCP client: sends bytes and reports whether the server closed within `limit` seconds.
enum RawClient {
    static func sendAndWaitForClose(port: Int, bytes: String, limit: Int) throws -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw CLIRunnerError("cannot connect") }
        _ = bytes.withCString { send(descriptor, $0, strlen($0), 0) }
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
