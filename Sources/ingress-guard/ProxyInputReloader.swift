import Foundation
import IngressModel
import Inventory
import ManifestLoader
import Proxy
import Routing
import Serving
import Analysis

/// Watches the proxy's input files (`FileWatcher`) and swaps in a recompiled route table when
/// they change. An invalid change is reported and the running table stays.
final class InputReloader: Sendable {
    private let input: InputOptions
    /// The cluster's or snapshot's objects, read once at start; the files are laid over them again.
    private let base: [ManifestObject]
    private let ingressClass: String?
    private let endpoints: [ServicePortReference: [Endpoint]]
    private let withTLS: Bool
    private let server: ProxyServer
    private let files: [String]
    private let watcher: FileWatcher

    init(input: InputOptions, base: [ManifestObject], ingressClass: String?, endpoints: [ServicePortReference: [Endpoint]], withTLS: Bool, server: ProxyServer, files: [String]) {
        self.input = input
        self.base = base
        self.ingressClass = ingressClass
        self.endpoints = endpoints
        self.withTLS = withTLS
        self.server = server
        self.files = files
        watcher = FileWatcher(paths: files)
    }

    func start() {
        watcher.start { [self] in reload() }
    }

    func stop() {
        watcher.stop()
    }

    private func reload() {
        do {
            let loaded = try input.load()
            if let issue = loaded.issues.first(where: { $0.kind == .invalid }) {
                FileHandleOutput.standardError("reload rejected, keeping the running routes: \(issue.location): \(issue.message)\n")
                return
            }
            let inventory = Inventory(base: base, overlay: loaded.objects)
            let assembly = try ProxyRouting.assemble(inventory: inventory, ingressClass: ingressClass, controllers: input.controllers, endpoints: endpoints, withTLS: withTLS)
            server.update(assembly.routing)
            FileHandleOutput.standardError("reloaded \(files.count) file(s): serving \(assembly.served.description)\n")
        } catch {
            FileHandleOutput.standardError("reload rejected, keeping the running routes: \(error)\n")
        }
    }
}
