import Dispatch
import Foundation
import IngressModel
import Inventory
import ManifestLoader
import Proxy
import Routing

/// Watches the proxy's input files (polling, once a second) and swaps in a recompiled route table
/// when they change. An invalid change is reported and the running table stays.
final class InputReloader: @unchecked Sendable {
    private let input: InputOptions
    /// The cluster's or snapshot's objects, read once at start; the files are laid over them again.
    private let base: [ManifestObject]
    private let ingressClass: String?
    private let endpoints: [ServicePortReference: [Endpoint]]
    private let withTLS: Bool
    private let server: ProxyServer
    private let files: [String]
    private let queue = DispatchQueue(label: "ingress-guard.reload")
    private var timer: DispatchSourceTimer?
    private var fingerprint: [String: String] = [:]

    init(input: InputOptions, base: [ManifestObject], ingressClass: String?, endpoints: [ServicePortReference: [Endpoint]], withTLS: Bool, server: ProxyServer, files: [String]) {
        self.input = input
        self.base = base
        self.ingressClass = ingressClass
        self.endpoints = endpoints
        self.withTLS = withTLS
        self.server = server
        self.files = files
        fingerprint = Self.fingerprint(files)
    }

    static func fingerprint(_ files: [String]) -> [String: String] {
        var result: [String: String] = [:]
        for file in files {
            let attributes = try? FileManager.default.attributesOfItem(atPath: file)
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            let size = (attributes?[.size] as? NSNumber)?.intValue ?? -1
            result[file] = "\(modified)/\(size)"
        }
        return result
    }

    func start() {
        guard !files.isEmpty else { return }
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + 1, repeating: 1)
        timer.setEventHandler { [weak self] in self?.check() }
        timer.resume()
        self.timer = timer
    }

    func stop() {
        timer?.cancel()
    }

    private func check() {
        let current = Self.fingerprint(files)
        guard current != fingerprint else { return }
        fingerprint = current
        do {
            let loaded = try input.load()
            if let issue = loaded.issues.first(where: { $0.kind == .invalid }) {
                FileHandleOutput.standardError("reload rejected, keeping the running routes: \(issue.location): \(issue.message)\n")
                return
            }
            let inventory = Inventory(base: base, overlay: loaded.objects)
            let served = try ServedClass.select(inventory: inventory, requested: ingressClass)
            let certificates = withTLS ? try ProxyCertificates.load(table: served.table, inventory: inventory) : nil
            server.update(ProxyRouting(
                table: served.table, directory: BackendDirectory(endpoints: endpoints, inventory: inventory), certificates: certificates))
            FileHandleOutput.standardError("reloaded \(files.count) file(s): serving \(served.description)\n")
        } catch {
            FileHandleOutput.standardError("reload rejected, keeping the running routes: \(error)\n")
        }
    }
}
