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
    /// The platform's policy alone, for Ingresses of classes other than `--ingress-class`: the
    /// policy is cluster-wide (it decides which classes may exist at all).
    public var policyEngine: LintEngine?
    public let tlsReports: TLSReportCache

    public init(policy: AdmissionPolicy, tlsReports: TLSReportCache = TLSReportCache()) {
        self.policy = policy
        self.tlsReports = tlsReports
        func make(_ rules: [any Rule]) -> LintEngine {
            var engine = LintEngine(rules: rules, configuration: policy.configuration)
            // One admission touches a handful of objects: handing rules to other threads costs more.
            engine.concurrent = false
            engine.runsDisabledRules = false
            return engine
        }
        engine = make(BuiltinRules.all)
        if policy.lintOptions.policy != nil {
            policyEngine = make(BuiltinRules.all.filter { $0.id.hasPrefix(LintEngine.policyRulePrefix) })
        }
    }

    /// What an admission came to, as logs and metrics label it.
    public enum Outcome: String, Sendable {
        case allowed, denied
        /// Not an Ingress CREATE/UPDATE of the served class: allowed untouched.
        case skipped
        /// The state was not read yet: allowed or denied by `AdmissionPolicy.unsyncedAllows`.
        case unsynced
    }

    public struct Decision: Sendable {
        public var response: AdmissionResponse
        /// Rule ids of the findings, for logs and metrics.
        public var rules: [String]
        public var outcome: Outcome
    }

    /// Longest warning the API server keeps whole, and the total it accepts.
    static let warningLength = 120
    static let warningBudget = 4000
    /// A denial's message: each finding's line cut to this, the whole to the budget.
    static let denialLineLength = 512
    static let denialBudget = 4000

    /// Decides against `index`, or, when the state is not read yet (nil), by the unsynced policy.
    public func decide(_ request: AdmissionRequest, index: AdmissionIndex?) -> Decision {
        guard request.isIngress, request.operation == "CREATE" || request.operation == "UPDATE" else {
            return Decision(response: AdmissionResponse(allowed: true), rules: [], outcome: .skipped)
        }
        guard let index else {
            let response = policy.unsyncedAllows
                ? AdmissionResponse(allowed: true, warnings: ["ingress-guard has not read the cluster yet: this Ingress was not checked"])
                : AdmissionResponse(allowed: false, message: "ingress-guard has not read the cluster yet (--unsynced-policy deny); retry in a moment")
            return Decision(response: response, rules: [], outcome: .unsynced)
        }
        // What cannot be read is never admitted unchecked: a webhook that fails open on a
        // malformed object is one that any client can walk past.
        guard let object = request.object else {
            return Self.unreadable(request, "request.object is missing")
        }
        let loader = ManifestLoader(defaultNamespace: request.namespace.isEmpty ? "default" : request.namespace)
        let loaded = loader.load(text: String(decoding: object, as: UTF8.self), file: "admission:\(request.namespace)/\(request.name)")
        guard loaded.objects.count == 1, let admitted = loaded.objects.first else {
            let cause = loaded.issues.first(where: { $0.kind == .invalid }).map { "\($0.message) (line \($0.location.line), column \($0.location.column))" }
            return Self.unreadable(request, cause ?? "request.object holds \(loaded.objects.count) objects, not one Ingress")
        }
        let expectedVersion = request.group.isEmpty ? request.kindVersion : "\(request.group)/\(request.kindVersion)"
        guard admitted.ref.kind == request.kind, admitted.ref.apiVersion == expectedVersion else {
            return Self.unreadable(request, "request.object is \(admitted.ref.apiVersion) \(admitted.ref.kind), but request.kind is \(expectedVersion) \(request.kind)")
        }
        guard case .ingress(let ingress) = admitted.payload else {
            let cause = loaded.issues.first(where: { $0.kind == .invalid }).map { "\($0.message) (line \($0.location.line), column \($0.location.column))" }
            return Self.unreadable(request, cause ?? "request.object is not an Ingress ingress-guard can read")
        }
        let related = index.related(to: ingress)
        var engine = self.engine
        if let served = policy.ingressClass {
            let classes = related.compactMap { object -> IngressClass? in
                if case .ingressClass(let ingressClass) = object.payload { return ingressClass }
                return nil
            }
            if ClassAssignment(ingressClasses: classes).assign(ingress).name != served {
                guard let policyEngine else {
                    return Decision(response: AdmissionResponse(allowed: true), rules: [], outcome: .skipped)
                }
                engine = policyEngine
            }
        }
        let inventory = Inventory(base: related, overlay: [admitted])
        var options = policy.lintOptions
        options.clusterState = true
        options.strictReferences = true
        options.absenceWording = "in the cluster"
        options.focus = admitted.ref
        let cache = tlsReports
        let context = RuleContext(inventory: inventory, loadIssues: loaded.issues, options: options, concurrent: false, needs: engine.requiredInputs, tlsReport: cache.report(for:))
        let findings = engine.run(context).findings
        let denying = findings.filter { $0.severity >= policy.denyOn }
        let warnings = Self.warnings(findings.filter { $0.severity < policy.denyOn })
        let rules = findings.map(\.ruleID)
        guard denying.isEmpty else {
            let lines = denying.map { finding in "[\(finding.ruleID)] \(finding.field.map { "\($0): " } ?? "")\(finding.message)" }
            let message = Self.denialMessage(
                "ingress-guard found \(denying.count) problem\(denying.count == 1 ? "" : "s") in Ingress \(ingress.ref.qualifiedName): ", lines)
            return Decision(response: AdmissionResponse(allowed: false, message: message, warnings: warnings), rules: rules, outcome: .denied)
        }
        return Decision(response: AdmissionResponse(allowed: true, warnings: warnings), rules: rules, outcome: .allowed)
    }

    static func unreadable(_ request: AdmissionRequest, _ cause: String) -> Decision {
        let message = denialMessage("ingress-guard cannot read Ingress \(request.namespace)/\(request.name): ", [cause])
        return Decision(response: AdmissionResponse(allowed: false, message: message), rules: ["invalid-manifest"], outcome: .denied)
    }

    /// The lead, then each line cut to `denialLineLength`, while the total stays within
    /// `denialBudget` bytes; what does not fit is counted ("and 3 more").
    static func denialMessage(_ lead: String, _ lines: [String]) -> String {
        var message = lead
        for (position, line) in lines.enumerated() {
            var text = line
            if text.utf8.count > denialLineLength { text = String(decoding: text.utf8.prefix(denialLineLength - 3), as: UTF8.self) + "…" }
            let separator = position == 0 ? "" : "; "
            let remaining = lines.count - position - 1
            let reserve = remaining > 0 ? 24 : 0
            guard message.utf8.count + separator.utf8.count + text.utf8.count + reserve <= denialBudget else {
                message += "\(separator)and \(lines.count - position) more"
                return message
            }
            message += separator + text
        }
        return message
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
