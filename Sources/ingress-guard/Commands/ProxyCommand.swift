import ArgumentParser
import Dispatch
import Foundation
import IngressModel
import Inventory
import Logging
import NIOCore
import NIOPosix
import Proxy
import Serving
import Routing

#if canImport(Glibc)
import Glibc
import Analysis
#endif

struct ProxyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proxy",
        abstract: "Serve HTTP, routing every request by the route table of one IngressClass.",
        discussion: "Prints the listening address and the echo backends, then serves until SIGINT or SIGTERM (exit 0).")

    @OptionGroup var input: InputOptions

    @Option(help: "HOST:PORT to listen on (port 0: any free port).")
    var listen: String = "127.0.0.1:8080"

    @Option(name: .customLong("tls-listen"), help: "HOST:PORT for HTTPS; the certificate is chosen by SNI from the TLS Secrets of the inputs.")
    var tlsListen: String?

    @Option(name: .customLong("backend"), help: "[NS/]SVC:PORT=URL: send that Service port's traffic to URL (repeatable).")
    var backends: [String] = []

    @Flag(help: "Start an echo backend for every Service port the routes use and no --backend covers.")
    var echo = false

    @Option(help: "Echo replicas per Service port (default: the ready endpoints of its EndpointSlices or Endpoints in the inputs, else 1); requests are spread round-robin.")
    var replicas: Int?

    @Option(name: .customLong("ingress-class"), help: "The class to serve (default: the default class, or every Ingress when the inputs have no IngressClass).")
    var ingressClass: String?

    @Option(name: .customLong("upstream-timeout"), help: "Seconds to wait for a backend's response head before answering 504.")
    var upstreamTimeout: Int = 30

    @Option(name: .customLong("header-timeout"), help: "Seconds a client has to send a whole request head (slowloris guard).")
    var headerTimeout: Int = 10

    @Option(name: .customLong("idle-timeout"), help: "Seconds an idle keep-alive client connection stays open.")
    var idleTimeout: Int = 60

    @Option(name: .customLong("max-body-size"), help: "Largest request body in bytes (413 beyond it); bodies are streamed, not held.")
    var maxBodySize: Int = 16 * 1024 * 1024

    @Option(name: .customLong("max-header-size"), help: "Largest request line plus headers in bytes (431 beyond it; at most 81920).")
    var maxHeaderSize: Int = 32 * 1024

    @Flag(name: .customLong("access-log"), inversion: .prefixedNo, help: "One line per request on standard error: route, backend, status, duration.")
    var accessLog = true

    @Option(name: .customLong("event-loops"), help: "Event-loop threads (default: one per core).")
    var eventLoops: Int = System.coreCount

    @Option(name: .customLong("drain-timeout"), help: "On SIGINT/SIGTERM, seconds to let requests in flight finish.")
    var drainTimeout: Int = 10

    func validate() throws {
        _ = try ListenAddress.parse(listen, flag: "--listen")
        if let tlsListen { _ = try ListenAddress.parse(tlsListen, flag: "--tls-listen") }
        if let replicas, !(1...64).contains(replicas) { throw ValidationError("--replicas must be between 1 and 64") }
        guard upstreamTimeout >= 1, headerTimeout >= 1, idleTimeout >= 1 else {
            throw ValidationError("--upstream-timeout, --header-timeout and --idle-timeout must be at least 1 second")
        }
        guard (1...256).contains(eventLoops) else { throw ValidationError("--event-loops must be between 1 and 256") }
        guard maxBodySize >= 0 else { throw ValidationError("--max-body-size must not be negative") }
        guard (1024...81920).contains(maxHeaderSize) else { throw ValidationError("--max-header-size must be between 1024 and 81920") }
        for backend in backends where BackendMapping(parsing: backend, namespace: input.namespace) == nil {
            throw ValidationError("--backend takes [NS/]SVC:PORT=URL, got \"\(backend)\"")
        }
    }

    func run() async throws {
        let state = try await input.loadState()
        input.announce(state, as: "serving routes of")
        let loaded = state.files
        let inventory = state.inventory
        let served: ServedClass
        do {
            served = try ServedClass.select(inventory: inventory, requested: ingressClass, mapping: input.controllers)
        } catch {
            throw ToolFailure("\(error)")
        }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: eventLoops)
        var endpoints: [ServicePortReference: [Endpoint]] = [:]
        for backend in backends {
            guard let mapping = BackendMapping(parsing: backend, namespace: input.namespace) else { continue }
            let key = inventory.portReference(for: mapping.target) ?? mapping.key
            endpoints[key, default: []].append(mapping.endpoint)
        }
        var fleet = EchoFleet(endpoints: [:], channels: [])
        if input.hasClusterState && !echo {
            for (key, list) in EchoFleet.listedEndpoints(for: served.table, inventory: inventory, skipping: Set(endpoints.keys)) {
                endpoints[key] = list
                FileHandleOutput.standardOutput("backend \(key): \(list.isEmpty ? "no ready endpoint (503)" : list.map(\.description).joined(separator: ", "))\n")
            }
        }
        if echo {
            fleet = try await EchoFleet.start(for: served.table, inventory: inventory, replicas: replicas, skipping: Set(endpoints.keys), group: group)
            for (key, list) in fleet.endpoints.sorted(by: { $0.key.description < $1.key.description }) {
                endpoints[key] = list
                for (replica, endpoint) in list.enumerated() {
                    FileHandleOutput.standardOutput("echo \(key) replica \(replica) on http://\(endpoint)\n")
                }
            }
        }
        let parsedListen = Self.bindable(try ListenAddress.parse(listen, flag: "--listen"))
        let assembly = try ProxyRouting.assemble(served: served, inventory: inventory, endpoints: endpoints, withTLS: tlsListen != nil)
        for problem in assembly.problems { FileHandleOutput.standardError("note: \(problem)\n") }
        var proxyConfiguration = ProxyConfiguration(
            host: parsedListen.host, port: parsedListen.port, upstreamTimeout: .seconds(Int64(upstreamTimeout)),
            maxBodyBytes: maxBodySize, headerTimeout: .seconds(Int64(headerTimeout)), idleTimeout: .seconds(Int64(idleTimeout)),
            maxHeaderBytes: maxHeaderSize)
        if accessLog { proxyConfiguration.accessLog = Logger(label: "ingress-guard.access") { StreamLogHandler.standardError(label: $0) } }
        let server = ProxyServer(routing: assembly.routing, configuration: proxyConfiguration)
        let channel: Channel
        do {
            channel = try await server.start(group: group)
        } catch {
            throw ToolFailure("cannot listen on \(listen): \(error)")
        }
        var tlsChannel: Channel?
        var tlsHost = ""
        if let tlsListen {
            let parsed = Self.bindable(try ListenAddress.parse(tlsListen, flag: "--tls-listen"))
            tlsHost = parsed.host
            do {
                tlsChannel = try await server.startTLS(group: group, host: parsed.host, port: parsed.port)
            } catch {
                throw ToolFailure("cannot listen on \(tlsListen): \(error)")
            }
        }
        // Handlers go in before the addresses are announced: a SIGTERM sent as soon as they are
        // seen must stop the proxy cleanly, not kill it.
        let signals = StopSignals()
        let listeners = [channel] + (tlsChannel.map { [$0] } ?? [])
        let closer = Task {
            guard await signals.wait() != nil else { return }
            for listener in listeners { try? await listener.close() }
        }
        if let tlsListen {
            FileHandleOutput.standardOutput("serving \(served.description) on https://\(tlsChannel?.localAddress.map { "\($0.ipAddress ?? tlsHost):\($0.port ?? 0)" } ?? tlsListen)\n")
        }
        FileHandleOutput.standardOutput("serving \(served.description) on http://\(channel.localAddress.map { "\($0.ipAddress ?? parsedListen.host):\($0.port ?? 0)" } ?? listen)\n")
        let reloader = InputReloader(
            input: input, base: state.base?.objects ?? [], ingressClass: ingressClass, endpoints: endpoints, withTLS: tlsListen != nil, server: server,
            files: loaded.sources.map(\.path).filter { $0 != "<stdin>" })
        reloader.start()
        try await channel.closeFuture.get()
        closer.cancel()
        signals.cancel()
        reloader.stop()
        // Stop accepting (done), then let requests in flight finish before the loops go away.
        await server.drain(limit: .seconds(Int64(drainTimeout)))
        try? await tlsChannel?.close()
        await fleet.close()
        try await group.shutdownGracefully()
    }

    /// The proxy listens on loopback unless told otherwise: it is a test tool, not an edge.
    static func bindable(_ address: ListenAddress) -> (host: String, port: Int) {
        (address.host ?? "127.0.0.1", address.port)
    }
}

/// `[NS/]SVC:PORT=URL` from the command line.
struct BackendMapping {
    var key: ServicePortReference
    var target: BackendTarget
    var endpoint: Endpoint

    init?(parsing text: String, namespace defaultNamespace: String) {
        guard let equals = text.firstIndex(of: "="), let endpoint = Endpoint(parsing: String(text[text.index(after: equals)...])),
            let expected = ExpectedBackend(parsing: String(text[..<equals]), defaultNamespace: defaultNamespace)
        else { return nil }
        self.endpoint = endpoint
        self.target = .service(namespace: expected.namespace, name: expected.service, port: expected.port)
        self.key = ServicePortReference(namespace: expected.namespace, service: expected.service, port: expected.port)
    }
}
