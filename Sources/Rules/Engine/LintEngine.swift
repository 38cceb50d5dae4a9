import IngressModel
import Foundation
import Inventory
import ParallelWork
import Routing

/// The outcome of one lint run: reported findings in report order, and the suppressed ones, which
/// are counted, never lost.
public struct LintResult: Sendable {
    public var findings: [Finding]
    public var suppressed: [Finding]
    /// The profile that judged each Ingress under analysis, in object order.
    public var judgements: [(ingress: ObjectRef, judged: JudgingProfile)] = []

    public func count(_ severity: Severity) -> Int { findings.filter { $0.severity == severity }.count }
}

/// Runs the rules over a context and applies configuration, command-line switches and the
/// `ingress-guard.io/ignore` annotation.
public struct LintEngine: Sendable {
    public static let ignoreAnnotation = "ingress-guard.io/ignore"
    /// The rules that check the configuration's `policy:`.
    public static let policyRulePrefix = "policy-"

    public var rules: [any Rule] { didSet { plan() } }
    public var configuration: LintConfiguration { didSet { plan() } }
    /// Command-line switches win over the configuration file.
    public var enabled: Set<String> { didSet { plan() } }
    public var disabled: Set<String> { didSet { plan() } }

    public init(rules: [any Rule] = BuiltinRules.all, configuration: LintConfiguration = LintConfiguration(),
                enabled: Set<String> = [], disabled: Set<String> = []) {
        self.rules = rules
        self.configuration = configuration
        self.enabled = enabled
        self.disabled = disabled
        plan()
    }

    /// What each run needs, worked out once per setting rather than once per admission.
    private struct Plan {
        var runRules: [any Rule] = []
        var requiredInputs = RuleInputs()
        /// Per rule of `runRules`, in its order: whether it is off, and its severity override.
        var settings: [(off: Bool, override: Severity?)] = []
        /// Where unrendered-template is in `runRules`, when it runs and is on.
        var templateRule: Int?
    }

    private var planned = Plan()

    private mutating func plan() {
        var plan = Plan()
        for rule in rules {
            let id = rule.id
            let off = disabled.contains(id) || (!enabled.contains(id) && configuration.rules[id] == .off)
            var override: Severity?
            if case .on(let severity?)? = configuration.rules[id] { override = severity }
            guard runsDisabledRules || !off else { continue }
            if id == UnrenderedTemplateRule.id && !off { plan.templateRule = plan.runRules.count }
            plan.runRules.append(rule)
            plan.settings.append((off: off, override: override))
            plan.requiredInputs.formUnion(rule.declaration.inputs)
        }
        planned = plan
    }

    /// Run the rules on every core (lint); off for one small admission, where handing work to
    /// other threads costs more than the rules.
    public var concurrent = true
    /// Run rules that are off too, to count their findings as suppressed (lint); the webhook skips them.
    public var runsDisabledRules = true { didSet { plan() } }

    /// The rules this engine runs: all of them when disabled ones run too (to count what they
    /// would report), else the enabled ones.
    public var runRules: [any Rule] { planned.runRules }

    /// What the context must hold for the rules this engine runs (`RuleContext(needs:)`).
    public var requiredInputs: RuleInputs { planned.requiredInputs }

    public func run(_ context: RuleContext) -> LintResult {
        var findings: [Finding] = []
        var suppressed: [Finding] = []
        var ignoreLists: [ObjectRef: Set<String>] = [:]
        // Rules are pure functions of the context: run them on every core, then merge in rule order.
        let rules = runRules
        let judgements = context.subjects.map { (ingress: $0.ref, judged: context.judgement(of: $0)) }
        let focus = context.options.focus
        // By reference, for findings: made at the first finding that names an object, so a clean
        // run never builds it (4 MB at 10,000 Ingresses). Unnamed Ingresses share a reference;
        // the last one's judgement stands, as in the route table.
        var judgementByRef: [ObjectRef: JudgingProfile]?
        let perRule = concurrent
            ? OrderedResults.compute(count: rules.count) { rules[$0].check(context) }
            : rules.map { $0.check(context) }
        let templates = templatePlaceholders(perRule: perRule, context: context)
        for (index, (off, override)) in planned.settings.enumerated() {
            for var finding in perRule[index] {
                // Findings about the state alone are dropped before anything is made of them:
                // a host shared by 2,000 Ingresses gives thousands, all beside the point.
                if let focus, !finding.concerns(focus) { continue }
                if let override { finding.severity = override }
                if let ref = finding.object {
                    if judgementByRef == nil { judgementByRef = Dictionary(judgements.map { ($0.ingress, $0.judged) }, uniquingKeysWith: { _, last in last }) }
                    if let judged = judgementByRef?[ref] {
                        finding.judgedBy = judged
                    } else if focus != nil, let ingress = context.inventory.ingress(ref) {
                        // Another Ingress's finding that names the focus (a conflict with it).
                        finding.judgedBy = context.judgement(of: ingress)
                    }
                }
                if off || isIgnored(finding, context: context, cache: &ignoreLists) || Self.repeatsTemplate(finding, templates) {
                    suppressed.append(finding)
                } else {
                    findings.append(finding)
                }
            }
        }
        findings.sort(by: Finding.reportOrder)
        suppressed.sort(by: Finding.reportOrder)
        return LintResult(findings: findings, suppressed: suppressed, judgements: judgements)
    }

    /// Placeholders that unrendered-template reported (and is on for): per Ingress, and per file
    /// for the objects of other kinds beside it (a template's Services carry the same ones).
    private struct Templates {
        var byIngress: [ObjectRef: [String]] = [:]
        var byFile: [String: [String]] = [:]
    }

    private func templatePlaceholders(perRule: [[Finding]], context: RuleContext) -> Templates {
        guard let index = planned.templateRule else { return Templates() }
        var templates = Templates()
        for finding in perRule[index] {
            guard let ref = finding.object, let ingress = context.inventory.ingress(ref) else { continue }
            let placeholders = TemplatePlaceholders.find(in: ingress).map(\.placeholder)
            templates.byIngress[ref] = placeholders
            for placeholder in placeholders where !(templates.byFile[finding.location.file]?.contains(placeholder) ?? false) {
                templates.byFile[finding.location.file, default: []].append(placeholder)
            }
        }
        return templates
    }

    /// A finding of another rule that only says a placeholder is no valid value: the template
    /// finding replaces it (it is counted as suppressed, never lost). On an Ingress, its own
    /// placeholders count; on an object of another kind, those of the template Ingresses of its file.
    private static func repeatsTemplate(_ finding: Finding, _ templates: Templates) -> Bool {
        guard finding.ruleID != UnrenderedTemplateRule.id, let ref = finding.object else { return false }
        let placeholders = ref.kind == "Ingress" ? templates.byIngress[ref] : templates.byFile[finding.location.file]
        return placeholders?.contains { finding.message.containsBytes($0) } ?? false
    }

    private func isIgnored(_ finding: Finding, context: RuleContext, cache: inout [ObjectRef: Set<String>]) -> Bool {
        guard let ref = finding.object else { return false }
        // A policy's refusal of the ignore annotation cannot be waived by that annotation, or any
        // tenant could exempt itself from the platform's policy.
        if finding.ruleID.hasPrefix(Self.policyRulePrefix), finding.field == "metadata.annotations[\(Self.ignoreAnnotation)]" { return false }
        let ignored: Set<String>
        if let cached = cache[ref] {
            ignored = cached
        } else {
            let value = context.inventory.object(ref)?.metadata.annotations[Self.ignoreAnnotation]?.value ?? ""
            ignored = Set(value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            cache[ref] = ignored
        }
        return ignored.contains(finding.ruleID) || ignored.contains("all") || ignored.contains("*")
    }
}
