import Foundation
import IngressModel
import Inventory
import NIOCore
import NIOPosix
import Routing
import StructuredText

/// `verify --serve`: every expectation as a real request through the running proxy; the echo
/// backend that answers says which Service port got it.
public struct LiveVerification: Sendable {
    public var proxy: Endpoint
    public var tlsProxy: Endpoint?
    public var inventory: Inventory
    public var certificates: ProxyCertificates?
    /// The served table: a request it splits between a main backend and a canary is judged as one.
    public var table: ClassRouteTable?

    public init(proxy: Endpoint, tlsProxy: Endpoint?, inventory: Inventory, certificates: ProxyCertificates?, table: ClassRouteTable? = nil) {
        self.proxy = proxy
        self.tlsProxy = tlsProxy
        self.inventory = inventory
        self.certificates = certificates
        self.table = table
    }

    public static let defaultWeightCount = 1000

    /// DER of the leaf of each loadable TLS Secret: the only certificates a probe accepts.
    private var trustedLeaves: Set<[UInt8]> {
        Set((certificates?.bySecret.values.compactMap { try? $0.chain.first?.toDERBytes() }) ?? [])
    }

    /// Sends the expectation's request once, or `count` times when it names `replicas`, and checks
    /// every answer; `replicas: N` holds when exactly N distinct replicas answered.
    public func check(_ expectation: Expectation, group: EventLoopGroup) async -> ExpectationResult {
        if expectation.weights != nil { return await checkWeights(expectation, group: group) }
        guard let replicas = expectation.replicas else { return await checkOnce(expectation, group: group).result }
        var reached: Set<Int> = []
        var last: ExpectationResult?
        for _ in 0..<(expectation.count ?? 2 * replicas) {
            let (result, replica) = await checkOnce(expectation, group: group)
            if !result.holds { return result }
            if let replica { reached.insert(replica) }
            last = result
        }
        let answered = reached.sorted().map(String.init).joined(separator: ", ")
        let actual = "\(last?.actual.components(separatedBy: " replica ").first ?? "") from replicas [\(answered)]"
        guard reached.count == replicas else {
            return ExpectationResult(
                expectation: expectation, holds: false, actual: actual,
                failure: "expected \(expectation.count ?? 2 * replicas) requests to reach \(replicas) replicas, \(reached.count) answered")
        }
        return ExpectationResult(expectation: expectation, holds: true, actual: actual, failure: nil)
    }

    /// `weights:`: `count` requests (default 1000), the share each backend answered checked
    /// against the expected percent within four standard deviations.
    private func checkWeights(_ expectation: Expectation, group: EventLoopGroup) async -> ExpectationResult {
        let count = expectation.count ?? Self.defaultWeightCount
        var tally: [(BackendTarget, Int)] = []
        var unanswered = 0
        var single = expectation
        single.weights = nil
        single.backend = nil
        for _ in 0..<count {
            var answered: BackendTarget?
            let result = await checkRequest(single, group: group, answeredBy: { _ in }, backendAnswered: { answered = $0 })
            guard result.holds, let answered else {
                unanswered += 1
                if unanswered > count / 100 { return ExpectationResult(expectation: expectation, holds: false, actual: result.actual, failure: result.failure ?? "no echo backend answered") }
                continue
            }
            if let position = tally.firstIndex(where: { $0.0 == answered }) { tally[position].1 += 1 } else { tally.append((answered, 1)) }
        }
        let shares = tally.map { ($0.0, 100 * Double($0.1) / Double(count)) }
        let observation = Observation(status: 200, backend: nil, backendVerb: "answered by", instead: "no split", shares: shares, sampleSize: count)
        let failures = ExpectationVerdict.failures(expectation, observation, inventory: inventory)
        let actual = tally.map { "\($0.1) of \(count) to \($0.0)" }.joined(separator: ", ")
        return ExpectationResult(expectation: expectation, holds: failures.isEmpty, actual: actual, failure: failures.isEmpty ? nil : failures.joined(separator: "; "))
    }

    private func checkOnce(_ expectation: Expectation, group: EventLoopGroup) async -> (result: ExpectationResult, replica: Int?) {
        var replica: Int?
        let result = await checkRequest(expectation, group: group, answeredBy: { replica = $0 })
        return (result, replica)
    }

    private func checkRequest(
        _ expectation: Expectation, group: EventLoopGroup, answeredBy: (Int?) -> Void, backendAnswered: (BackendTarget?) -> Void = { _ in }
    ) async -> ExpectationResult {
        func result(_ holds: Bool, _ actual: String, _ failure: String? = nil) -> ExpectationResult {
            ExpectationResult(expectation: expectation, holds: holds, actual: actual, failure: failure)
        }
        var probe: ProbeClient.TLSProbe?
        var target = proxy
        if expectation.url.scheme == "https" {
            guard let tlsProxy else { return result(false, "not sent", "no TLS listener") }
            let host = expectation.url.host
            // SNI carries names only; a client sends none for an IP address.
            let isAddress = host.allSatisfy { $0.isNumber || $0 == "." } || host.contains(":")
            probe = ProbeClient.TLSProbe(serverName: isAddress ? nil : host, trusted: trustedLeaves)
            target = tlsProxy
        }
        let response: ProbeClient.Response
        do {
            response = try await ProbeClient.send(
                to: target, method: expectation.method, hostHeader: expectation.url.authority,
                target: expectation.url.target, headers: expectation.headers, tls: probe, group: group)
        } catch {
            let reason = probe == nil ? "\(error)" : "TLS handshake or request failed (the proxy must present a certificate of the inputs for this host): \(error)"
            return result(false, "no response", reason)
        }
        let reply = JSONDocument.parse(response.body).flatMap { $0.pairs == nil ? nil : $0 }
        answeredBy(reply?["replica"]?.jsonInt)
        let answered = reply.map { "\($0["namespace"]?.jsonString ?? "")/\($0["service"]?.jsonString ?? ""):\($0["port"]?.jsonString ?? "") replica \($0["replica"]?.jsonInt ?? 0)" }
        let location = response.headers.first { $0.0.lowercased() == "location" }?.1
        let actual = "\(response.status)" + (answered.map { " from \($0)" } ?? "") + (location.map { " to \($0)" } ?? "")
        var presented: Bool?
        if let secret = expectation.tlsSecret {
            let namespace = expectation.backend?.namespace ?? inventory.ingresses.first?.ref.namespace ?? "default"
            let wanted = try? certificates?.bySecret[ProxyCertificates.key(namespace: namespace, name: secret)]?.chain.first?.toDERBytes()
            presented = wanted != nil && wanted == response.presentedCertificate
        }
        // The echo backend that answered names the Service port; its port is the proxy's key (a number when the Service is known).
        var answeredBackend: BackendTarget?
        if let reply, response.status == 200, let namespace = reply["namespace"]?.jsonString, let service = reply["service"]?.jsonString {
            answeredBackend = .service(namespace: namespace, name: service, port: BackendTarget.Port(text: reply["port"]?.jsonString ?? ""))
        }
        backendAnswered(answeredBackend)
        var observation = Observation(
            status: response.status, backend: answeredBackend, backendVerb: "answered by",
            instead: "status \(response.status) without an echo reply", presentedExpectedCertificate: presented,
            location: location,
            upstreamTarget: answeredBackend == nil ? nil : reply?["request"]?["path"]?.jsonString)
        if let table, expectation.backend != nil, expectation.weights == nil {
            let decision = ExpectationChecker(table: table, inventory: inventory).decide(expectation)
            if case .split = decision.action { observation.split = ExpectationChecker.splitText(decision) }
        }
        let failures = ExpectationVerdict.failures(expectation, observation, inventory: inventory)
        return result(failures.isEmpty, actual, failures.isEmpty ? nil : failures.joined(separator: "; "))
    }
}

extension LiveVerification {
    /// `verify --serve`: the proxy on loopback ports of its own (HTTP and HTTPS), an echo backend
    /// per Service port behind it, and one real request per expectation.
    public static func run(_ expectations: [Expectation], served: ServedClass, inventory: Inventory) async throws -> (results: [ExpectationResult], problems: [String]) {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let fleet = try await EchoFleet.start(for: served.table, inventory: inventory, group: group)
        let assembly = try ProxyRouting.assemble(served: served, inventory: inventory, endpoints: fleet.endpoints, withTLS: true)
        let server = ProxyServer(
            routing: assembly.routing, configuration: ProxyConfiguration(host: "127.0.0.1", port: 0, upstreamTimeout: .seconds(10)))
        let channel = try await server.start(group: group)
        let tlsChannel = try await server.startTLS(group: group, host: "127.0.0.1", port: 0)
        let verification = LiveVerification(
            proxy: Endpoint(host: "127.0.0.1", port: channel.localAddress?.port ?? 0),
            tlsProxy: Endpoint(host: "127.0.0.1", port: tlsChannel.localAddress?.port ?? 0),
            inventory: inventory, certificates: assembly.routing.certificates, table: served.table)
        var results: [ExpectationResult] = []
        for expectation in expectations {
            results.append(await verification.check(expectation, group: group))
        }
        try? await channel.close()
        try? await tlsChannel.close()
        await fleet.close()
        try await group.shutdownGracefully()
        return (results, assembly.problems)
    }
}
