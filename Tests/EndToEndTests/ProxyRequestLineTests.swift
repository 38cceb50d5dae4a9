import Foundation
import Testing

/// Request lines and heads that NIO's parser alone would leave hanging or half-answered, over raw
/// sockets: each gets one answer at once, and a connection that cannot go on is closed with it.
@Suite(.serialized) struct ProxyRequestLineTests {
    /// Under the proxy's header timeout (10 s): closing within this is closing at once.
    static let promptly = 4

    @Test func anHTTP09RequestLineGetsOne400AndTheConnectionCloses() throws {
        let (proxy, port) = try ProxyRequestTargetTests.proxy()
        let started = Date()
        let answer = try RawClient.exchange(port: port, bytes: "GET /\r\n")
        #expect(Date().timeIntervalSince(started) < Double(Self.promptly), "answered at once, not at the header timeout")
        #expect(answer.hasPrefix("HTTP/1.1 400 "), "\(answer.debugDescription)")
        #expect(answer.components(separatedBy: "HTTP/1.1 ").count == 2, "one answer: \(answer.debugDescription)")
        #expect(try RawClient.sendAndWaitForClose(port: port, bytes: "GET /index.html\r\n", limit: Self.promptly))
        #expect(proxy.stop() == 0)
    }

    @Test func anHTTP2RequestLineGetsOne400AndTheConnectionCloses() throws {
        let (proxy, port) = try ProxyRequestTargetTests.proxy()
        for version in ["HTTP/2.0", "HTTP/3.0", "HTTP/1.2"] {
            let request = "GET / \(version)\r\nHost: x.example.com\r\n\r\n"
            let answer = try RawClient.exchange(port: port, bytes: request)
            #expect(answer.hasPrefix("HTTP/1.1 400 ") || answer.hasPrefix("HTTP/1.1 505 "), "\(version): \(answer.debugDescription)")
            #expect(answer.components(separatedBy: "HTTP/1.1 ").count == 2, "one answer: \(answer.debugDescription)")
            // Without the client closing: the proxy closes, well before its header timeout.
            #expect(try RawClient.sendAndWaitForClose(port: port, bytes: request, limit: Self.promptly), "\(version)")
        }
        #expect(proxy.stop() == 0)
    }

    /// A keep-alive client given an answer that says `Connection: close` sees the socket end with
    /// it, not at the idle timeout.
    @Test func aConnectionCloseAnswerClosesTheSocketAtOnce() throws {
        let (proxy, port) = try ProxyRequestTargetTests.proxy()
        let requests = [
            // Refused framing with a body announced: what follows cannot be read as a request.
            "POST / HTTP/1.1\r\nHost: x.example.com\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabc",
            // The client asks for the connection to end after a routed answer.
            "GET / HTTP/1.1\r\nHost: x.example.com\r\nConnection: close\r\n\r\n",
            // A WebSocket upgrade refused.
            "GET / HTTP/1.1\r\nHost: x.example.com\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n",
        ]
        for request in requests {
            let started = Date()
            #expect(try RawClient.sendAndWaitForClose(port: port, bytes: request, limit: Self.promptly), "\(request.debugDescription)")
            #expect(Date().timeIntervalSince(started) < Double(Self.promptly))
        }
        #expect(proxy.stop() == 0)
    }

    /// `Expect: 100-continue`: the client is told to send its body, the backend gets the body (and
    /// no Expect of its own), and the final answer follows.
    @Test func expectContinueIsAnsweredAndTheBodyForwarded() throws {
        let (proxy, port) = try ProxyRequestTargetTests.proxy()
        let descriptor = try RawClient.connected(
            port: port,
            sending: "POST /upload HTTP/1.1\r\nHost: x.example.com\r\nContent-Length: 5\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n")
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 4096)
        let first = recv(descriptor, &buffer, buffer.count, 0)
        let interim = first > 0 ? String(decoding: buffer[0..<first], as: UTF8.self) : ""
        #expect(interim.hasPrefix("HTTP/1.1 100 Continue\r\n"), "the proxy asks for the body first: \(interim.debugDescription)")
        _ = "hello".withCString { send(descriptor, $0, 5, 0) }
        var received = Array(buffer[0..<max(first, 0)])
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        let answer = String(decoding: received, as: UTF8.self)
        #expect(answer.contains("HTTP/1.1 200 OK"), "\(answer.debugDescription)")
        let body = answer.components(separatedBy: "\r\n\r\n").last ?? ""
        let echo = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any], "\(body)")
        let request = try #require(echo["request"] as? [String: Any])
        #expect(request["bodyBytes"] as? Int == 5, "\(request)")
        let headers = request["headers"] as? [String: Any] ?? [:]
        #expect(!headers.keys.contains { $0.lowercased() == "expect" }, "the backend is not asked to continue: \(headers)")
        #expect(proxy.stop() == 0)
    }
}
