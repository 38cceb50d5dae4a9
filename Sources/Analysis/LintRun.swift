import Foundation
import IngressModel
import Inventory
import ManifestLoader
import Reporting
import Routing
import Rules
import TLSInspect

/// What one lint run is asked for, merged from the configuration file and the command line
/// (the command line wins).
public struct LintRequest: Sendable {
    public var configuration: LintConfiguration
    public var enabled: Set<String> = []
    public var disabled: Set<String> = []
    public var kubeVersion: KubeVersion?
    public var ingressClass: String?
    public var now: Date?
    public var expiryDays: Int?
    public var strictReferences = false
    /// Probe every backend through the API server (a live cluster only).
    public var probe = false
    public var trustAnchors: TrustAnchors?
    /// `--controller CLASS=PROFILE`, laid over the configuration's `controllers:`.
    public var controllers = ControllerMapping()

    public init(configuration: LintConfiguration) {
        self.configuration = configuration
    }

    /// The options the rules run with: flags over the configuration file over the defaults. A
    /// cluster's state is complete, so its missing references are errors.
    public func options(clusterState: Bool) -> LintOptions {
        var options = LintOptions(
            strictReferences: strictReferences || clusterState, ingressClass: ingressClass ?? configuration.ingressClass,
            now: now ?? Date(), expiryDays: expiryDays ?? configuration.expiryDays ?? 30)
        if let version = kubeVersion ?? configuration.kubeVersion { options.kubeVersion = version }
        options.clusterState = clusterState
        options.controllers = configuration.controllers.overlaid(with: controllers)
        options.policy = configuration.policy
        return options
    }
}

/// One lint run over loaded inputs: probes when asked, the rule context with what the enabled
/// rules read, trust verification, the engine, and the report with its counts. `lint` calls it;
/// a face only formats what it returns.
public enum LintRun {
    public struct Outcome: Sendable {
        public var result: LintResult
        public var report: Report
        /// What the rules read, held with the outcome: a one-shot command can then exit without
        /// freeing it (see `Lint`), and a long-lived face frees it with the outcome.
        public var context: RuleContext
    }

    /// Objects from which the rules and the TLS reading spread over every core.
    static let concurrencyThreshold = 64

    public static func run(_ request: LintRequest, inputs: LoadedInputs, set: InputSet) async throws -> Outcome {
        let loaded = inputs.combined
        var options = request.options(clusterState: set.hasClusterState)
        if request.probe {
            guard case .live(let kubeconfig, let context, _) = set.clusterState else {
                throw AnalysisFailure("--probe needs a live cluster (--cluster)")
            }
            let targets = BackendProbe.targets(in: inputs.inventory).map {
                ServicePortReference(namespace: $0.namespace, service: $0.service, port: BackendTarget.Port(text: $0.port))
            }
            let results = try await ClusterAccess.probe(kubeconfig: kubeconfig, context: context, targets: targets)
            options.probes = results.map { target, failure in
                BackendProbe(namespace: target.namespace, service: target.service, port: target.port.text, failure: failure)
            }
        }
        let inventory = inputs.inventory
        var engine = LintEngine(configuration: request.configuration, enabled: request.enabled, disabled: request.disabled)
        // A few files (a pre-commit run, an editor's save) are checked on this thread: waking the
        // other cores' workers cost more than the rules over a handful of objects.
        let concurrent = inventory.objects.count >= Self.concurrencyThreshold
        engine.concurrent = concurrent
        var context = RuleContext(
            inventory: inventory, loadIssues: loaded.issues, options: options, concurrent: concurrent, needs: engine.requiredInputs)
        if let anchors = request.trustAnchors {
            context.trustVerdicts = await TrustVerification.verifyAll(context.tlsReports, anchors: anchors, now: options.now)
        }
        let result = engine.run(context)
        var report = Report(
            findings: result.findings, suppressedCount: result.suppressed.count, fileCount: loaded.fileCount,
            objectCount: inventory.objects.count + inventory.duplicates.count + inventory.replacedCount, ignoredCount: inventory.ignoredCount,
            notes: loaded.skipped.map { Report.Note(file: $0.path, reason: $0.reason) }, sources: loaded.sources)
        report.judgements = result.judgements
        return Outcome(result: result, report: report, context: context)
    }
}
