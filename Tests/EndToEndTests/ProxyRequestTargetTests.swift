import Foundation
import Testing

/// What a hostile or unusual client sends as its request-target and Host, over raw sockets: refused
/// at once with 400 where no server may accept it, routed as RFC 9112 says where it is valid.
@Suite(.serialized) struct ProxyRequestTargetTests {
    static let manifest = """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: hosts}
        spec:
          rules:
          - host: x.example.com
            http:
              paths:
              - {path: /, pathType: Prefix, backend: {service: {name: x, port: {number: 80}}}}
          - host: y.example.com
            http:
              paths:
              - {path: /, pathType: Prefix, backend: {service: {name: y, port: {number: 80}}}}
        """

    static func proxy() throws -> (ProxyProcess, Int) {
        let file = try CLIRunner.temporaryDirectory().appendingPathComponent("hosts.yaml")
        try manifest.write(to: file, atomically: true, encoding: .utf8)
        let proxy = try ProxyProcess([file.path, "--echo"])
        return (proxy, Int(proxy.baseURL.split(separator: ":").last ?? "") ?? 0)
    }

    /// The status code of the first response, and its body.
    static func send(_ port: Int, _ request: String) throws -> (status: Int, body: String) {
        let answer = try RawClient.exchange(port: port, bytes: request)
        let status = Int(answer.split(separator: " ").dropFirst().first ?? "") ?? 0
        let body = answer.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
        return (status, body)
    }

    @Test func hostsNoServerMayAcceptAre400AtOnce() throws {
        let (proxy, port) = try Self.proxy()
        let refused = [
            "GET / HTTP/1.1\r\nHost: x.example.com\r\nHost: y.example.com\r\nConnection: close\r\n\r\n",
            "GET / HTTP/1.1\r\nConnection: close\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: x.example.com y\r\nConnection: close\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: x.example.com,y.example.com\r\nConnection: close\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: user@x.example.com\r\nConnection: close\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: x.example.com/a\r\nConnection: close\r\n\r\n",
        ]
        for request in refused {
            let started = Date()
            let answer = try Self.send(port, request)
            #expect(answer.status == 400, "\(request.debugDescription): \(answer)")
            #expect(Date().timeIntervalSince(started) < 5, "answered at once, not at a timeout")
        }
        #expect(proxy.stop() == 0)
    }

    @Test func anAbsoluteFormTargetIsRoutedByItsAuthority() throws {
        let (proxy, port) = try Self.proxy()
        let answer = try Self.send(port, "GET http://y.example.com/p?q=1 HTTP/1.1\r\nHost: x.example.com\r\nConnection: close\r\n\r\n")
        #expect(answer.status == 200, "\(answer)")
        let echo = try #require(try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any], "\(answer.body)")
        #expect(echo["service"] as? String == "y")
        let request = echo["request"] as? [String: Any]
        #expect(request?["path"] as? String == "/p?q=1", "the backend receives origin-form")
        #expect(request?["host"] as? String == "y.example.com")
        #expect(proxy.stop() == 0)
    }

    @Test func aTrailingDotIsTheSameHost() throws {
        let (proxy, port) = try Self.proxy()
        let answer = try Self.send(port, "GET / HTTP/1.1\r\nHost: y.example.com.\r\nConnection: close\r\n\r\n")
        #expect(answer.status == 200, "\(answer)")
        #expect(answer.body.contains("\"service\":\"y\""), "\(answer.body)")
        #expect(proxy.stop() == 0)
    }

    @Test func http10WithoutHostIsServedByTheRulesForAnyHost() throws {
        let (proxy, port) = try Self.proxy()
        // No rule without a host: 404, but an answer, not a 400.
        let answer = try Self.send(port, "GET / HTTP/1.0\r\n\r\n")
        #expect(answer.status == 404, "\(answer)")
        #expect(proxy.stop() == 0)
    }
}

extension ProxyRequestTargetTests {
    @Test func aWebSocketUpgradeIsRefusedWithItsReason() throws {
        let (proxy, port) = try Self.proxy()
        let answer = try Self.send(port, "GET / HTTP/1.1\r\nHost: x.example.com\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
        #expect(answer.status == 501, "\(answer)")
        #expect(answer.body.contains("WebSocket"), "\(answer.body)")
        #expect(proxy.stop() == 0)
    }

    /// CONNECT was forwarded to the backend and the client got a 200 with no length, after which
    /// what it sent was swallowed; to a host with no route, a 404 and a connection left hanging.
    @Test func connectIsRefusedAndTheConnectionClosed() throws {
        let (proxy, port) = try Self.proxy()
        let answer = try Self.send(port, "CONNECT x.example.com:80 HTTP/1.1\r\nHost: x.example.com\r\n\r\n")
        // NIO's encoder sends no body after a CONNECT head: the status and the close are the answer.
        #expect(answer.status == 405, "\(answer)")
        #expect(proxy.stop() == 0)
    }
}

extension ProxyRequestTargetTests {
    /// `?family=Roboto|Open+Sans` and the like were never sent upstream and ended in a 504 after
    /// 30 s; they are forwarded as received, as nginx forwards them.
    @Test func aTargetWithCharactersToPercentEncodeIsForwardedAsReceived() throws {
        let (proxy, port) = try Self.proxy()
        let started = Date()
        let answer = try Self.send(port, "GET /fonts?family=Roboto|Open+Sans&x={1}^ HTTP/1.1\r\nHost: x.example.com\r\nConnection: close\r\n\r\n")
        #expect(Date().timeIntervalSince(started) < 5, "answered at once")
        #expect(answer.status == 200, "\(answer)")
        let echo = try #require(try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any], "\(answer.body)")
        #expect((echo["request"] as? [String: Any])?["path"] as? String == "/fonts?family=Roboto|Open+Sans&x={1}^")
        #expect(proxy.stop() == 0)
    }
}
