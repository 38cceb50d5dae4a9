import Foundation
import IngressModel
import Inventory
import ManifestLoader
import Routing
import Rules

/// Decides one admission: the admitted Ingress, laid over the cluster's objects related to it (its
/// own old version is replaced, so an UPDATE never conflicts with itself), checked by the lint
/// rules; findings about it at or above `denyOn` deny, the others come back as warnings.
public struct AdmissionChecker: Sendable {
    public var policy: AdmissionPolicy
    public var engine: LintEngine
    public let tlsReports: TLSReportCache

    public init(policy: AdmissionPolicy, tlsReports: TLSReportCache = TLSReportCache()) {
        self.policy = policy
        self.tlsReports = tlsReports
        var engine = LintEngine(configuration: policy.configuration)
        // One admission touches a handful of objects: handing rules to other threads costs more.
        engine.concurrent = false
        engine.runsDisabledRules = false
        self.engine = engine
    }

    public struct Decision: Sendable {
        public var response: AdmissionResponse
        /// Rule ids of the findings, for logs and metrics.
        public var rules: [String]
        /// False when the request was not an Ingress CREATE/UPDATE of the served class.
        public var checked: Bool
    }

    /// Longest warning the API server keeps whole, and the total it accepts.
    static let warningLength = 120
    static let warningBudget = 4000

    public func decide(_ request: AdmissionRequest, index: AdmissionIndex) -> Decision {
        guard request.isIngress, request.operation == "CREATE" || request.operation == "UPDATE", let object = request.object else {
            return Decision(response: AdmissionResponse(allowed: true), rules: [], checked: false)
        }
        let loader = ManifestLoader(defaultNamespace: request.namespace.isEmpty ? "default" : request.namespace)
        let loaded = loader.load(text: String(decoding: object, as: UTF8.self), file: "admission:\(request.namespace)/\(request.name)")
        guard let admitted = loaded.objects.first, case .ingress(let ingress) = admitted.payload else {
            return Decision(response: AdmissionResponse(allowed: true, warnings: ["ingress-guard could not read the admitted object; not checked"]), rules: [], checked: false)
        }
        let related = index.related(to: ingress)
        if let served = policy.ingressClass {
            let classes = related.compactMap { object -> IngressClass? in
                if case .ingressClass(let ingressClass) = object.payload { return ingressClass }
                return nil
            }
            if ClassAssignment(ingressClasses: classes).assign(ingress).name != served {
                return Decision(response: AdmissionResponse(allowed: true), rules: [], checked: false)
            }
        }
        let inventory = Inventory(base: related, overlay: [admitted])
        var options = policy.lintOptions
        options.clusterState = true
        options.strictReferences = true
        options.absenceWording = "in the cluster"
        let cache = tlsReports
        let context = RuleContext(inventory: inventory, loadIssues: loaded.issues, options: options, concurrent: false, tlsReport: cache.report(for:))
        let findings = engine.run(context).findings.filter { Self.concerns($0, admitted.ref) }
        let denying = findings.filter { $0.severity >= policy.denyOn }
        let warnings = Self.warnings(findings.filter { $0.severity < policy.denyOn })
        let rules = findings.map(\.ruleID)
        guard denying.isEmpty else {
            let lines = denying.map { finding in "[\(finding.ruleID)] \(finding.field.map { "\($0): " } ?? "")\(finding.message)" }
            let message = "ingress-guard found \(denying.count) problem\(denying.count == 1 ? "" : "s") in Ingress \(ingress.ref.qualifiedName): " + lines.joined(separator: "; ")
            return Decision(response: AdmissionResponse(allowed: false, message: message, warnings: warnings), rules: rules, checked: true)
        }
        return Decision(response: AdmissionResponse(allowed: true, warnings: warnings), rules: rules, checked: true)
    }

    /// A finding is the admitted object's when it is located on it or names it as related.
    static func concerns(_ finding: Finding, _ ref: ObjectRef) -> Bool {
        func same(_ other: ObjectRef?) -> Bool {
            guard let other else { return false }
            return other.kind == ref.kind && other.namespace == ref.namespace && other.name == ref.name
        }
        return same(finding.object) || finding.related.contains { same($0.object) }
    }

    /// `[rule] message`, each cut to 120 characters, until the API server's total budget is spent.
    static func warnings(_ findings: [Finding]) -> [String] {
        var result: [String] = []
        var total = 0
        for finding in findings {
            var text = "[\(finding.ruleID)] \(finding.message)"
            if text.count > warningLength { text = String(text.prefix(warningLength - 1)) + "…" }
            guard total + text.utf8.count <= warningBudget else { break }
            total += text.utf8.count
            result.append(text)
        }
        return result
    }
}
