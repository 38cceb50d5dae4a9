import Foundation
import Testing

/// What a hostile or merely busy client can do to the webhook with the shipped `failurePolicy:
/// Fail`: neither slow connections nor a burst of real admissions may stop admissions.
@Suite(.serialized) struct WebhookAbuseTests {
    static func script(_ name: String) -> String {
        CLIRunner.repositoryRoot.appendingPathComponent("Tests/EndToEndTests/Support/\(name)").path
    }

    static func classFile() throws -> String {
        try APIServerProcess.fixture("""
            apiVersion: networking.k8s.io/v1
            kind: IngressClass
            metadata: {name: example-class}
            spec: {controller: k8s.io/ingress-nginx}
            """)
    }

    /// 80 connections that trickle their bodies (more than --max-inflight's default 64) used to
    /// hold every admission slot, so a real review got 429. Now the review is answered, and each
    /// slow connection is closed within the first slow second (the minimum body rate), long
    /// before --request-timeout.
    @Test func slowBodiesHoldNoAdmissionSlot() throws {
        let material = try WebhookTests.Material()
        let webhook = try WebhookTests.WebhookProcess([try Self.classFile()], material: material)
        let body = try CLIRunner.temporaryDirectory().appendingPathComponent("review.json")
        try WebhookTests.review("ingress-create-request.json").write(to: body)
        let text = try CLIRunner.tool("python3", [
            Self.script("slow_clients.py"), "127.0.0.1", String(webhook.port), WebhookTests.serviceName, material.ca, body.path, "80", "30",
        ]).stdout
        let result = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
        #expect(result["opened"] as? Int == 80, "\(text)")
        #expect(result["real_status"] as? Int == 200, "\(text)")
        #expect(result["closed"] as? Int == 80, "slow connections left open: \(text)")
        // Closed after about 1 s (the rate's window); 30 s is the bound for giving up.
        #expect((result["last_closed_after"] as? Double ?? 99) < 20, "\(text)")
        #expect(webhook.lines.contains("request body slower than 4096 bytes a second"), "\(webhook.lines.all.suffix(500))")
        #expect(webhook.stop() == 0)
    }

    /// 200 admissions in flight at once (a Helm install, an Argo sync) with the default flags:
    /// every one is answered 200. All 200 heads are sent before any body, so each admission is
    /// under way at the same moment; with slots taken before the body, 136 of them were 429.
    @Test func aBurstOf200ConcurrentAdmissionsIsAnsweredWithDefaultFlags() throws {
        let material = try WebhookTests.Material()
        let webhook = try WebhookTests.WebhookProcess([try Self.classFile()], material: material)
        let body = try CLIRunner.temporaryDirectory().appendingPathComponent("review.json")
        try WebhookTests.review("ingress-create-request.json").write(to: body)
        let text = try CLIRunner.tool("python3", [
            Self.script("admission_burst.py"), "127.0.0.1", String(webhook.port), WebhookTests.serviceName, material.ca, body.path, "200",
        ]).stdout
        let result = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
        #expect(result["statuses"] as? [String: Int] == ["200": 200], "\(text)")
        #expect(result["failures"] as? Int == 0, "\(text)")
        #expect(webhook.stop() == 0)
    }

    /// Admissions that cost seconds to decide, one per event loop, held every connection of
    /// their loops (the health checks' included) while decided: a liveness probe failed for as
    /// long, and an ordinary admission waited. Decided off the loops, large reviews on a lane of
    /// their own, they hold neither.
    @Test func costlyAdmissionsHoldNoEventLoop() throws {
        let material = try WebhookTests.Material()
        let webhook = try WebhookTests.WebhookProcess([try Self.classFile()], material: material)
        #expect(webhook.waitUntilReady())
        let text = try CLIRunner.tool("python3", [
            Self.script("costly_admissions.py"), "127.0.0.1", String(webhook.port), String(webhook.metricsPort), WebhookTests.serviceName,
            material.ca, "4000", "2",
        ]).stdout
        let result = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
        let costly = try #require(result["costly"] as? [[String: Any]], "\(text)")
        let health = try #require(result["health"] as? [String: Any], "\(text)")
        #expect(costly.allSatisfy { $0["status"] as? Int == 200 }, "\(text)")
        #expect(health["status"] as? Int == 200, "\(text)")
        // The health check is answered while both costly admissions are still being decided.
        let firstCostly = costly.compactMap { $0["after"] as? Double }.min() ?? 0
        let healthAfter = health["after"] as? Double ?? .infinity
        #expect(healthAfter < firstCostly, "\(text)")
        #expect(healthAfter < 3, "\(text)")
        // So is an ordinary admission sent after the health check.
        let ordinary = try #require(result["ordinary"] as? [String: Any], "\(text)")
        #expect(ordinary["status"] as? Int == 200 && ordinary["decided"] as? Bool == true, "\(text)")
        #expect((ordinary["after"] as? Double ?? .infinity) < firstCostly, "\(text)")
        #expect(webhook.stop() == 0)
    }

    /// One client address past --max-connections-per-client is cut off before TLS; others are not.
    @Test func aClientAtItsConnectionLimitIsRefused() throws {
        let material = try WebhookTests.Material()
        let webhook = try WebhookTests.WebhookProcess([try Self.classFile(), "--max-connections-per-client", "4"], material: material)
        var held: [Int32] = []
        defer { held.forEach { close($0) } }
        for _ in 0..<4 { held.append(try RawClient.connected(port: webhook.port, sending: "")) }
        // The fifth is closed by the server without a byte of TLS.
        let refused = try RawClient.exchange(port: webhook.port, bytes: "")
        #expect(refused.isEmpty)
        held.forEach { close($0) }
        held.removeAll()
        // Once they are gone the client may connect again.
        var answered = false
        let deadline = Date().addingTimeInterval(20)
        while !answered && Date() < deadline {
            answered = (try? WebhookTests.post(webhook, material: material, body: try WebhookTests.review("ingress-create-request.json")).status) == 200
            if !answered { Thread.sleep(forTimeInterval: 0.1) }
        }
        #expect(answered)
        #expect(webhook.lines.contains("connection refused: client at its connection limit"), "\(webhook.lines.all.suffix(500))")
        #expect(webhook.stop() == 0)
    }
}
