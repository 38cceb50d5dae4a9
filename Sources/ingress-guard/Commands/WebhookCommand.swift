import Admission
import ArgumentParser
import Foundation
import IngressModel
import Inventory
import KubeClient
import ManifestLoader
import Rules
import TLSInspect
import Webhook
import Analysis

struct WebhookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhook",
        abstract: "The validating admission webhook: the lint rules at CREATE and UPDATE of Ingresses.",
        subcommands: [WebhookServe.self, WebhookCerts.self],
        defaultSubcommand: WebhookServe.self)
}

struct WebhookServe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve POST /validate over HTTPS (the default subcommand of `webhook`).",
        discussion: """
            State: the live cluster by default (kubeconfig, else the pod's service account), watched; or \
            --snapshot FILE and/or manifest PATHs, fixed. Prints `listening on https://HOST:PORT (health and \
            metrics on http://HOST:PORT)` and one JSON line per admission; SIGTERM/SIGINT drain and exit 0.
            """)

    @Argument(help: ArgumentHelp("Manifests to admit against instead of the live cluster (over --snapshot when both).", valueName: "path"))
    var paths: [String] = []

    @OptionGroup var controller: ControllerOptions

    @Option(name: .customLong("tls-cert"), help: "PEM certificate chain of the server (re-read when the file changes).")
    var tlsCert: String

    @Option(name: .customLong("tls-key"), help: "PEM private key of the server (re-read when the file changes).")
    var tlsKey: String

    @Option(help: "[HOST]:PORT for HTTPS.")
    var listen: String = ":8443"

    @Option(name: .customLong("metrics-listen"), help: "[HOST]:PORT for plain-HTTP /healthz, /readyz and /metrics.")
    var metricsListen: String = ":8080"

    @Option(name: .customLong("client-ca"), help: "Require a client certificate issued by this CA (the API server's).")
    var clientCA: String?

    @Option(name: .customLong("tls-min-version"), help: "1.2 or 1.3.")
    var tlsMinVersion: String = "1.2"

    @Option(name: .customLong("deny-on"), help: "Findings at or above this severity deny: error, warning or info.")
    var denyOn: Severity = .error

    @Option(name: .customLong("ingress-class"), help: "Check only Ingresses of this class; allow others untouched.")
    var ingressClass: String?

    @Option(help: "A configuration file (.ingress-guard.yaml format): its `policy:` and `rules:` apply; re-read when it changes (an invalid version is logged and the previous kept).")
    var policy: String?

    @Option(name: .customLong("disable"), help: "Disable a rule at admission (repeatable).")
    var disable: [String] = []

    @Option(name: .customLong("max-body"), help: "Largest AdmissionReview body in bytes (413 beyond).")
    var maxBody: Int = 8 * 1024 * 1024

    @Option(name: .customLong("max-inflight"), help: "Admissions decided at once; more wait their turn until --request-timeout (then 429).")
    var maxInFlight: Int = 256

    @Option(name: .customLong("header-timeout"), help: "Seconds a connection has to send a whole request head (and may stay idle) before it is closed.")
    var headerTimeout: Int = 10

    @Option(name: .customLong("request-timeout"), help: "Seconds from a request's head to its answer: body, wait and decision (keep it under the webhook's timeoutSeconds).")
    var requestTimeout: Double = 4

    @Option(name: .customLong("min-body-rate"), help: "Bytes a second under which a body is too slow and its connection closed.")
    var minBodyRate: Int = 4096

    @Option(name: .customLong("max-connections-per-client"), help: "Connections one client address may hold open.")
    var maxConnectionsPerClient: Int = 512

    @Option(name: .customLong("unsynced-policy"), help: "Before the cluster is read: allow (with a warning) or deny.")
    var unsyncedPolicy: String = "allow"

    @Flag(name: .customLong("without-tls-secrets"), help: "Do not read Secrets (no RBAC for them); the checks that need a TLS Secret's contents are off.")
    var withoutTLSSecrets = false

    @Option(name: .customLong("snapshot"), help: "A file written by `ingress-guard snapshot` as the state.")
    var snapshot: String?

    @Option(name: .customLong("kubeconfig"), help: "The kubeconfig of the live cluster.")
    var kubeconfig: String?

    @Option(name: .customLong("context"), help: "The kubeconfig context.")
    var context: String?

    @Option(name: [.customShort("n"), .customLong("namespace")], help: "Watch only this namespace (default: all).")
    var namespace: String?

    func validate() throws {
        _ = try ListenAddress.parse(listen, flag: "--listen")
        _ = try ListenAddress.parse(metricsListen, flag: "--metrics-listen")
        guard ["1.2", "1.3"].contains(tlsMinVersion) else { throw ValidationError("--tls-min-version takes 1.2 or 1.3") }
        guard ["allow", "deny"].contains(unsyncedPolicy) else { throw ValidationError("--unsynced-policy takes allow or deny") }
        guard maxBody > 0, maxInFlight > 0, headerTimeout > 0, maxConnectionsPerClient > 0, minBodyRate >= 0 else {
            throw ValidationError("--max-body, --max-inflight, --header-timeout and --max-connections-per-client must be positive, --min-body-rate not negative")
        }
        guard requestTimeout > 0, requestTimeout <= 30 else { throw ValidationError("--request-timeout takes more than 0 and at most 30 seconds (the API server waits 30 at the most)") }
        let known = Set(BuiltinRules.all.map(\.id))
        for id in disable where !known.contains(id) { throw ValidationError("unknown rule \"\(id)\" (see `ingress-guard rules list`)") }
    }

    func run() async throws {
        var admission = AdmissionPolicy(denyOn: denyOn, ingressClass: ingressClass)
        admission.unsyncedAllows = unsyncedPolicy == "allow"
        admission.withoutTLSSecrets = withoutTLSSecrets
        admission.lintOptions.controllers = controller.mapping
        admission.disabled = Set(disable)
        // Read before anything listens: an invalid policy at start is exit 2, not a webhook that
        // runs without the policy its operators believe it enforces.
        let policies: PolicyReloader
        do {
            if let policy, !FileManager.default.fileExists(atPath: policy) { throw ToolFailure("--policy \(policy) does not exist") }
            policies = try PolicyReloader(base: admission, path: policy)
        } catch let failure as ToolFailure {
            throw failure
        } catch {
            throw ToolFailure("invalid policy: \(error)")
        }
        let state: AdmissionState
        var cache: ClusterCache?
        var client: KubeAPI?
        if snapshot != nil || !paths.isEmpty {
            let set = InputSet(
                paths: paths, loader: ManifestLoader(defaultNamespace: namespace ?? "default"),
                clusterState: snapshot.map { .snapshot(path: $0) } ?? .none)
            state = AdmissionState(objects: try await set.load().inventory.objects)
        } else {
            let connection: ClusterConnection
            do {
                connection = try ClusterConnection.resolve(kubeconfig: kubeconfig, context: context)
            } catch let error as ClusterConnection.ResolveError {
                throw ToolFailure(error.description)
            }
            let api: KubeAPI
            do {
                api = try await KubeAPI.make(connection)
            } catch let error as KubeError {
                throw ToolFailure(error.description)
            }
            let sources = withoutTLSSecrets ? ClusterCache.admissionSources.filter { $0.resource != .secrets } : ClusterCache.admissionSources
            client = api
            cache = ClusterCache(api: api, sources: sources, namespace: namespace)
            state = AdmissionState()
        }
        var configuration = WebhookConfiguration(certificatePath: tlsCert, keyPath: tlsKey)
        let address = try ListenAddress.parse(listen, flag: "--listen")
        let metricsAddress = try ListenAddress.parse(metricsListen, flag: "--metrics-listen")
        (configuration.host, configuration.port) = (address.host ?? "0.0.0.0", address.port)
        (configuration.metricsHost, configuration.metricsPort) = (metricsAddress.host ?? "0.0.0.0", metricsAddress.port)
        configuration.clientCAPath = clientCA
        configuration.minimumTLS13 = tlsMinVersion == "1.3"
        configuration.maxBodyBytes = maxBody
        configuration.maxInFlight = maxInFlight
        configuration.headerTimeout = .seconds(Int64(headerTimeout))
        configuration.requestTimeout = .milliseconds(Int64(requestTimeout * 1000))
        configuration.minimumBodyRate = minBodyRate
        configuration.maxConnectionsPerClient = maxConnectionsPerClient
        // Whatever is queued is written before the command returns.
        let output = BatchedOutput()
        let write: @Sendable (String) -> Void = { text in output.write(text) }
        // The API client must be shut down before it goes away, on every path out of here.
        let stop = { @Sendable [cache, client] in
            await cache?.stop()
            await client?.shutdown()
            output.drain()
        }
        let server: WebhookServer
        do {
            server = try WebhookServer(configuration: configuration, state: state, cache: cache, policies: policies) { line in
                write(line + "\n")
            }
        } catch {
            await stop()
            throw ToolFailure("cannot load --tls-cert \(tlsCert) / --tls-key \(tlsKey): \(error)")
        }
        let host = configuration.host
        let metricsHost = configuration.metricsHost
        do {
            try await server.run { webhookPort, metricsPort in
                write("listening on https://\(host):\(webhookPort) (health and metrics on http://\(metricsHost):\(metricsPort))\n")
            }
        } catch {
            await stop()
            throw ToolFailure("webhook: \(error)")
        }
        await stop()
    }
}

struct WebhookCerts: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certs",
        abstract: "Make a CA and a serving certificate for NAME.NAMESPACE.svc; print the caBundle.",
        discussion: "Writes ca.crt, ca.key, tls.crt and tls.key (keys mode 0600) to --out, for clusters without cert-manager.")

    @Option(help: "The webhook's Service name.")
    var service: String

    @Option(name: [.customShort("n"), .long], help: "The webhook's namespace.")
    var namespace: String

    @Option(help: "The directory to write to (created if missing; existing files are not overwritten).")
    var out: String

    @Option(help: "Days the serving certificate is valid (the CA twice as long).")
    var days: Int = 365

    @Option(name: .customLong("extra-name"), help: "Another DNS name or IPv4 address the serving certificate covers (repeatable): for a webhook that the API server reaches by clientConfig.url.")
    var extraNames: [String] = []

    func validate() throws {
        guard days > 0 && days <= 3650 else { throw ValidationError("--days takes 1 to 3650") }
        guard !service.isEmpty, !namespace.isEmpty else { throw ValidationError("--service and --namespace must not be empty") }
        for name in extraNames where ServingCertificates.subjectName(name) == nil {
            throw ValidationError("--extra-name \"\(name)\": give a lowercase DNS name or an IPv4 address such as 10.0.0.5")
        }
    }

    func run() throws {
        let directory = URL(fileURLWithPath: out)
        let files = ["ca.crt", "ca.key", "tls.crt", "tls.key"].map { directory.appendingPathComponent($0) }
        if let existing = files.first(where: { FileManager.default.fileExists(atPath: $0.path) }) {
            throw ToolFailure("\(existing.path) exists: refusing to overwrite key material")
        }
        let material: ServingCertificates.Material
        do {
            material = try ServingCertificates.generate(service: service, namespace: namespace, days: days, extraNames: extraNames)
        } catch {
            throw ToolFailure("cannot make the certificates: \(error)")
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for (file, text, mode) in [
                (files[0], material.caCertificatePEM, 0o644), (files[1], material.caKeyPEM, 0o600),
                (files[2], material.certificatePEM, 0o644), (files[3], material.keyPEM, 0o600),
            ] {
                guard FileManager.default.createFile(atPath: file.path, contents: Data(text.utf8), attributes: [.posixPermissions: mode]) else {
                    throw ToolFailure("cannot write \(file.path)")
                }
            }
        } catch let failure as ToolFailure {
            throw failure
        } catch {
            throw ToolFailure("cannot write to \(out): \(error.localizedDescription)")
        }
        FileHandleOutput.standardError("wrote ca.crt, ca.key, tls.crt and tls.key for \(service).\(namespace).svc to \(out); caBundle:\n")
        FileHandleOutput.standardOutput(Data(material.caCertificatePEM.utf8).base64EncodedString() + "\n")
    }
}

extension Severity: ExpressibleByArgument {}
