import Foundation
import Testing

/// Bodies stream through the proxy in both directions, and the size limits hold, with real sockets.
@Suite(.serialized) struct ProxyStreamingTests {
    static let script = CLIRunner.repositoryRoot.appendingPathComponent("Tests/EndToEndTests/Support/stream_peer.py").path

    /// A stream_peer.py process; backends are killed with SIGKILL when the test ends.
    final class Peer {
        let process = Process()
        let output = Pipe()

        init(_ arguments: [String]) throws {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", ProxyStreamingTests.script] + arguments
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
        }

        /// The first JSON line the peer prints.
        func facts() throws -> [String: Any] {
            var buffer = Data()
            while !buffer.contains(UInt8(ascii: "\n")) {
                let data = output.fileHandleForReading.availableData
                if data.isEmpty { break }
                buffer += data
            }
            let line = buffer.split(separator: UInt8(ascii: "\n")).first ?? Data()
            return (try JSONSerialization.jsonObject(with: Data(line))) as? [String: Any] ?? [:]
        }

        deinit { kill(process.processIdentifier, SIGKILL) }
    }

    static func manifest() throws -> String {
        let file = try CLIRunner.temporaryDirectory().appendingPathComponent("stream.yaml")
        try """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: stream}
            spec:
              defaultBackend: {service: {name: app, port: {number: 80}}}
            """.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    static func port(of proxy: ProxyProcess) -> Int { Int(proxy.baseURL.split(separator: ":").last ?? "") ?? 0 }

    @Test func requestBodyReachesTheBackendBeforeTheClientFinishesIt() throws {
        let backend = try Peer(["backend-first-chunk", "0"])
        let backendPort = try #require(try backend.facts()["listening"] as? Int)
        let proxy = try ProxyProcess([try Self.manifest(), "--backend", "app:80=http://127.0.0.1:\(backendPort)"])
        // The client never sends the last chunk: a proxy that read the whole body first would never answer.
        let client = try Peer(["client-first-chunk", String(Self.port(of: proxy))])
        let reply = try client.facts()
        #expect(reply["status"] as? Int == 200, "\(reply)")
        #expect((reply["body"] as? String)?.hasPrefix("first:") == true, "\(reply)")
        #expect(proxy.stop() == 0)
    }

    @Test func aSlowClientDoesNotMakeTheProxyHoldTheResponse() throws {
        let size = 256 * 1024 * 1024
        let backend = try Peer(["backend-big", "0", String(size)])
        let backendPort = try #require(try backend.facts()["listening"] as? Int)
        let proxy = try ProxyProcess([try Self.manifest(), "--backend", "app:80=http://127.0.0.1:\(backendPort)"])
        let client = try Peer(["client-slow-reader", String(Self.port(of: proxy)), String(proxy.process.processIdentifier), String(size)])
        let facts = try client.facts()
        #expect(facts["status"] as? Int == 200, "\(facts)")
        #expect(facts["received"] as? Int == size, "\(facts)")
        #expect(facts["contentLength"] as? Bool == true, "Content-Length must stay Content-Length: \(facts)")
        #expect(facts["chunked"] as? Bool == false, "\(facts)")
        // Without backpressure the proxy would read the whole 256 MiB while the client stalls.
        let growth = facts["rssGrowthKiB"] as? Int ?? Int.max
        #expect(growth < 32 * 1024, "the proxy's memory grew by \(growth) KiB while the client stalled")
        #expect(proxy.stop() == 0)
    }

    @Test func bodyAndHeaderLimitsAnswer413And431() throws {
        let proxy = try ProxyProcess([try Self.manifest(), "--echo", "--max-body-size", "1000", "--max-header-size", "2048"])
        let declared = try Curl.get(proxy.baseURL, host: "x.example.com", path: "/", extra: ["--data-binary", String(repeating: "a", count: 2000)])
        #expect(declared.status == 413, "\(declared.headers)")
        let chunked = try Curl.get(proxy.baseURL, host: "x.example.com", path: "/", extra: [
            "-H", "Transfer-Encoding: chunked", "--data-binary", String(repeating: "b", count: 4000),
        ])
        #expect(chunked.status == 413, "\(chunked.headers)")
        let fits = try Curl.get(proxy.baseURL, host: "x.example.com", path: "/", extra: ["--data-binary", String(repeating: "c", count: 900)])
        #expect(fits.status == 200, "\(fits.headers)")
        let bigHeader = try Curl.get(proxy.baseURL, host: "x.example.com", path: "/", extra: ["-H", "X-Big: " + String(repeating: "d", count: 3000)])
        #expect(bigHeader.status == 431, "\(bigHeader.headers)")
        let small = try Curl.get(proxy.baseURL, host: "x.example.com", path: "/", extra: ["-H", "X-Small: " + String(repeating: "e", count: 500)])
        #expect(small.status == 200)
        #expect(proxy.stop() == 0)
    }

    /// A backend that answers before the upload is done, then a body that grows past the limit: the
    /// client already has a response head, so the proxy cuts the connection instead of starting a
    /// second response (which NIO's HTTP server handlers stop with a precondition: the whole proxy
    /// died of one client's upload).
    @Test func aBodyOverTheLimitAfterTheResponseBeganCutsTheConnection() throws {
        let backend = try Peer(["backend-early-head", "0"])
        let backendPort = try #require(try backend.facts()["listening"] as? Int)
        let proxy = try ProxyProcess([try Self.manifest(), "--backend", "app:80=http://127.0.0.1:\(backendPort)", "--max-body-size", "1000"])
        let client = try Peer(["client-oversized-after-head", String(Self.port(of: proxy)), "8000"])
        let facts = try client.facts()
        #expect(facts["status"] as? Int == 200, "\(facts)")
        #expect(facts["closed"] as? Bool == true, "the proxy must cut the connection: \(facts)")
        #expect(facts["secondResponse"] as? Bool == false, "no second response on a connection whose response began: \(facts)")
        #expect(proxy.process.isRunning, "the proxy died of one client's upload")
        #expect(proxy.stop() == 0)
    }

    @Test func chunkedUploadsArriveWholeThroughThePooledConnection() throws {
        let proxy = try ProxyProcess([try Self.manifest(), "--echo"])
        let directory = try CLIRunner.temporaryDirectory()
        for size in [0, 1, 70_000, 1_000_000] {
            let body = directory.appendingPathComponent("body-\(size)")
            try Data(repeating: UInt8(ascii: "z"), count: size).write(to: body)
            let response = try Curl.get(proxy.baseURL, host: "x.example.com", path: "/up", extra: [
                "-H", "Transfer-Encoding: chunked", "--data-binary", "@" + body.path,
            ])
            #expect(response.status == 200, "size \(size): \(response.headers)")
            let reply = (try? JSONSerialization.jsonObject(with: Data(response.body.utf8))) as? [String: Any]
            #expect((reply?["request"] as? [String: Any])?["bodyBytes"] as? Int == size, "size \(size): \(response.body.prefix(200))")
        }
        #expect(proxy.stop() == 0)
    }
}
