import ArgumentParser
import Foundation
import Inventory
import Reporting
import NIOPosix
import Proxy
import Routing

enum VerifyFormat: String, CaseIterable, ExpressibleByArgument {
    case text, json, junit
}

struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check that requests land on the expected backends, through the route table.",
        discussion: "Exit status: 0 every expectation holds, 1 some failed, 2 the tool could not run.")

    @OptionGroup var input: InputOptions

    @Option(name: .customLong("expect"), help: "Expectations file (YAML: expectations: [{request: GET URL, backend: ns/svc:port | status: 404}]).")
    var expectationsFile: String

    @Option(name: .customLong("ingress-class"), help: "The class to verify (default: the default class, or every Ingress when the inputs have no IngressClass).")
    var ingressClass: String?

    @Option(help: "text, json or junit.")
    var format: VerifyFormat = .text

    @Option(help: "Write the report to this file instead of standard output.")
    var output: String?

    @Flag(help: "Send every expectation as a real HTTP request through the proxy, with an echo backend per Service port.")
    var serve = false

    func run() async throws {
        let state = try await input.loadState()
        if let origin = state.origin { FileHandleOutput.standardError("note: verified against \(origin)\n") }
        guard let data = FileManager.default.contents(atPath: expectationsFile) else {
            throw ToolFailure("cannot read expectations file \(expectationsFile)")
        }
        let expectations: [Expectation]
        do {
            expectations = try ExpectationFile.parse(String(decoding: data, as: UTF8.self), file: expectationsFile, defaultNamespace: input.namespace)
        } catch {
            throw ToolFailure("\(error)")
        }
        let inventory = state.inventory
        let served: ServedClass
        do {
            served = try ServedClass.select(inventory: inventory, requested: ingressClass)
        } catch {
            throw ToolFailure("\(error)")
        }
        let results: [ExpectationResult]
        if serve {
            results = try await Self.serve(expectations, table: served.table, inventory: inventory)
        } else {
            let checker = ExpectationChecker(table: served.table, inventory: inventory)
            results = expectations.map(checker.check)
        }
        let rendered: String
        switch format {
        case .text: rendered = VerifyFormatter.text(results, servedClass: served.description)
        case .json: rendered = VerifyFormatter.json(results, servedClass: served.description)
        case .junit: rendered = VerifyFormatter.junit(results, servedClass: served.description)
        }
        try FileHandleOutput.deliver(rendered, to: output)
        if results.contains(where: { !$0.holds }) { throw ExitCode(1) }
    }

    /// The proxy on a loopback port of its own, echo backends behind it, one real request per expectation.
    static func serve(_ expectations: [Expectation], table: ClassRouteTable, inventory: Inventory) async throws -> [ExpectationResult] {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let fleet = try await EchoFleet.start(for: table, inventory: inventory, group: group)
        let certificates = try ProxyCertificates.load(table: table, inventory: inventory)
        for problem in certificates.problems { FileHandleOutput.standardError("note: \(problem)\n") }
        let server = ProxyServer(
            routing: ProxyRouting(table: table, directory: BackendDirectory(endpoints: fleet.endpoints), certificates: certificates),
            configuration: ProxyConfiguration(host: "127.0.0.1", port: 0, upstreamTimeout: .seconds(10)))
        let channel = try await server.start(group: group)
        let tlsChannel = try await server.startTLS(group: group, host: "127.0.0.1", port: 0)
        let verification = LiveVerification(
            proxy: Endpoint(host: "127.0.0.1", port: channel.localAddress?.port ?? 0),
            tlsProxy: Endpoint(host: "127.0.0.1", port: tlsChannel.localAddress?.port ?? 0),
            inventory: inventory, certificates: certificates)
        var results: [ExpectationResult] = []
        for expectation in expectations {
            results.append(await verification.check(expectation, group: group))
        }
        try? await channel.close()
        try? await tlsChannel.close()
        await fleet.close()
        try await group.shutdownGracefully()
        return results
    }
}
