import Analysis
import ArgumentParser
import KubeClient
import Foundation
import IngressModel
import Inventory
import ManifestLoader
import Reporting
import Rules
import TLSInspect

extension OutputFormat: ExpressibleByArgument {}

enum FailOn: String, CaseIterable, ExpressibleByArgument {
    case error, warning, info, none

    var threshold: Severity? { Severity(rawValue: rawValue) }
}

struct Lint: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Lint Ingress manifests (files, directories, stdin).",
        discussion: "Exit status: 0 no finding at or above --fail-on; 1 findings at or above it; 2 the tool could not run.")

    @OptionGroup var input: InputOptions

    @Option(name: [.customShort("o"), .long], help: "Report format: text, json, yaml, sarif, junit, github or codequality (GitLab); -o as kubectl users type it.")
    var format: OutputFormat = .text

    @Option(help: "Write the report to this file instead of standard output.")
    var output: String?

    @Option(name: .customLong("fail-on"), help: "Lowest severity that makes the exit status 1: error, warning, info or none.")
    var failOn: FailOn = .error

    @Option(help: "Configuration file (default: the nearest .ingress-guard.yaml upward from the working directory).")
    var config: String?

    @Option(name: .customLong("enable"), help: "Enable a rule the configuration turns off (repeatable).")
    var enable: [String] = []

    @Option(name: .customLong("disable"), help: "Disable a rule; its findings are counted as suppressed (repeatable).")
    var disable: [String] = []

    @Option(name: .customLong("kube-version"), help: "Target Kubernetes version, e.g. 1.31 (default: newest known, \(KubeVersion.newestKnown)).")
    var kubeVersion: String?

    @Option(name: .customLong("ingress-class"), help: "Analyse only the Ingresses of this class.")
    var ingressClass: String?

    @Option(help: "The clock of the certificate rules, RFC 3339 (e.g. 2026-01-31T00:00:00Z); default: now.")
    var now: String?

    @Option(name: .customLong("expiry-days"), help: "Report certificates that expire within this many days (default 30).")
    var expiryDays: Int?

    @Option(name: .customLong("ca-bundle"), help: "PEM file of CA certificates: TLS chains that do not verify to it are errors (tls-chain-invalid).")
    var caBundle: String?

    @Flag(name: .customLong("strict-references"), help: "A Service, Secret or IngressClass absent from the inputs is an error, not information.")
    var strictReferences = false

    @Flag(name: .customLong("probe"), help: "With --cluster: send GET / to every backend through the API server's service proxy (backend-unreachable).")
    var probe = false

    func validate() throws {
        if probe && !input.cluster { throw ValidationError("--probe goes with --cluster") }
        let known = Set(BuiltinRules.all.map(\.id))
        for id in enable + disable where !known.contains(id) {
            throw ValidationError("unknown rule \"\(id)\" (see `ingress-guard rules list`)")
        }
        if let kubeVersion, KubeVersion(parsing: kubeVersion) == nil {
            throw ValidationError("--kube-version must look like 1.31, got \"\(kubeVersion)\"")
        }
        if let now, Self.parseDate(now) == nil {
            throw ValidationError("--now must be an RFC 3339 time such as 2026-01-31T00:00:00Z, got \"\(now)\"")
        }
        if let expiryDays, expiryDays < 0 { throw ValidationError("--expiry-days must not be negative") }
    }

    static func parseDate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    func run() async throws {
        var request = LintRequest(configuration: try loadConfiguration())
        request.trustAnchors = try loadTrustAnchors()
        request.enabled = Set(enable)
        request.disabled = Set(disable)
        request.kubeVersion = kubeVersion.flatMap(KubeVersion.init(parsing:))
        request.ingressClass = ingressClass
        request.now = now.flatMap(Self.parseDate)
        request.expiryDays = expiryDays
        request.strictReferences = strictReferences
        request.probe = probe
        request.controllers = input.controllers
        var set = input.set
        let progressLine = ProgressLine.forTerminal()
        set.progress = progressLine?.progress
        let inputs: LoadedInputs
        do {
            inputs = try await set.load()
        } catch {
            progressLine?.finish()
            throw error
        }
        progressLine?.update("rules: checking \(inputs.inventory.objects.count) objects")
        let outcome: LintRun.Outcome
        do {
            outcome = try await LintRun.run(request, inputs: inputs, set: set)
        } catch {
            progressLine?.finish()
            throw error
        }
        progressLine?.finish()
        if let output { try refuseOverwritingInput(output, sources: inputs.files.sources) }
        input.announce(inputs, as: "checked against")
        for note in outcome.report.notes {
            FileHandleOutput.standardError("note: skipped \(note.file): \(note.reason)\n")
        }
        try FileHandleOutput.deliver(format.formatter(colour: useColour).render(outcome.report), to: output)
        let failed = failOn.threshold.map { threshold in outcome.result.findings.contains { $0.severity >= threshold } } ?? false
        // Exits here, with the inputs and the analysis still held: freeing their millions of small
        // values took a tenth of a 10,000-Ingress lint's wall time, for a process that ends anyway.
        // The report is already written (straight to the descriptor, or renamed into place).
        Foundation.exit(failed ? 1 : 0)
    }

    private var useColour: Bool {
        guard format == .text, output == nil, isatty(STDOUT_FILENO) == 1 else { return false }
        let environment = ProcessInfo.processInfo.environment
        return environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }

    private func loadTrustAnchors() throws -> TrustAnchors? {
        guard let caBundle else { return nil }
        guard let data = FileManager.default.contents(atPath: caBundle) else { throw ToolFailure("cannot read --ca-bundle \(caBundle)") }
        do {
            return try TrustAnchors.parse(pem: String(decoding: data, as: UTF8.self), file: caBundle)
        } catch {
            throw ToolFailure("\(error)")
        }
    }

    private func loadConfiguration() throws -> LintConfiguration {
        let known = Set(BuiltinRules.all.map(\.id))
        let path = config ?? LintConfiguration.find(from: FileManager.default.currentDirectoryPath)
        guard let path else { return LintConfiguration() }
        guard FileManager.default.fileExists(atPath: path) else { throw ToolFailure("configuration file \(path) does not exist") }
        do {
            return try LintConfiguration.load(path: path, knownRules: known)
        } catch {
            throw ToolFailure("invalid configuration: \(error)")
        }
    }

    /// The report must never replace one of the manifests it is about.
    private func refuseOverwritingInput(_ output: String, sources: [SourceText]) throws {
        let target = URL(fileURLWithPath: output).resolvingSymlinksInPath().path
        for source in sources where source.path != "<stdin>" {
            if URL(fileURLWithPath: source.path).resolvingSymlinksInPath().path == target {
                throw ToolFailure("--output \(output) is one of the inputs; refusing to overwrite it")
            }
        }
    }
}
