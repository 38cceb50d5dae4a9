import CertificateFixtures
import Foundation
import IngressModel
import Inventory
import ManifestLoader
import Testing
@testable import Admission
@testable import Rules

/// At admission the engine judges the admitted Ingress alone (`LintOptions.focus`): rules that
/// look at one Ingress at a time skip the others, and findings about the others alone are dropped
/// before anything is made of them. That must change what an admission costs, never what it
/// decides: for every Ingress of each set below, the focused run gives exactly the findings of a
/// run over everything that concern it (located on it, or naming it as related).
@Suite struct AdmissionFocusTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let corpus = root.deletingLastPathComponent().appendingPathComponent("shared/corpus/real")

    /// One finding as every face can show it, judgement included.
    static func rendered(_ finding: Finding) -> String {
        let related = finding.related.map { "\($0.object?.description ?? "-")@\($0.location.line):\($0.location.column) \($0.message)" }
        return [
            finding.ruleID, "\(finding.severity)", finding.message,
            "\(finding.location.file):\(finding.location.line):\(finding.location.column)",
            finding.object?.description ?? "-", finding.field ?? "-", finding.hint ?? "-",
            finding.judgedBy.map { "\($0)" } ?? "-", related.joined(separator: "; "),
        ].joined(separator: " | ")
    }

    /// Compares, for each Ingress of `objects` (or of `only`), the focused run with the full run
    /// filtered to it. Returns how many Ingresses were compared and how many findings concerned them.
    static func compare(
        _ objects: [ManifestObject], options: LintOptions, engine: LintEngine, label: String,
        related: ((Ingress) -> [ManifestObject])? = nil, step: Int = 1
    ) -> (ingresses: Int, findings: Int) {
        var compared = 0
        var concerning = 0
        let whole = Inventory(objects)
        // Every `step`-th Ingress: in the corpus, each is checked with the 200 Ingresses for
        // every host, two whole runs of all rules per Ingress.
        for (position, ingress) in whole.ingresses.enumerated() where position % step == 0 {
            let inventory = related.map { Inventory($0(ingress)) } ?? whole
            let full = engine.run(RuleContext(inventory: inventory, options: options, concurrent: false))
            var focusedOptions = options
            focusedOptions.focus = ingress.ref
            let focused = engine.run(RuleContext(inventory: inventory, options: focusedOptions, concurrent: false))
            for (name, all, mine) in [("findings", full.findings, focused.findings), ("suppressed", full.suppressed, focused.suppressed)] {
                let expected = all.filter { $0.concerns(ingress.ref) }
                var missing = expected.map(rendered)
                var extra: [Finding] = []
                for finding in mine {
                    if let at = missing.firstIndex(of: rendered(finding)) { missing.remove(at: at) } else { extra.append(finding) }
                }
                // The one intended difference: a Service whose selector matches nothing is reported
                // once per run, on the first Ingress naming it; at admission, on the admitted one.
                extra.removeAll { finding in
                    finding.ruleID == "service-selector-matches-nothing"
                        && all.contains { $0.ruleID == finding.ruleID && $0.message == finding.message && !$0.concerns(ingress.ref) }
                }
                #expect(missing.isEmpty, "\(label), \(ingress.ref): the focused run lost \(name): \(missing)")
                #expect(extra.isEmpty, "\(label), \(ingress.ref): the focused run added \(name): \(extra.map(rendered))")
                concerning += expected.count
            }
            compared += 1
        }
        return (compared, concerning)
    }

    /// Every example of rules/, all rules at once, each Ingress of it in turn admitted.
    @Test func everyRuleExampleDecidesAlikeFocused() throws {
        var ingresses = 0
        var findings = 0
        for rule in RuleCatalog.shared.rules {
            for (kind, examples) in [("bad", rule.badExamples), ("good", rule.goodExamples)] {
                for (index, example) in examples.enumerated() {
                    let file = "rules/\(rule.id).yaml#\(kind)\(index)"
                    let loaded = ManifestLoader().load(text: CertificateFixtures.expand(example.manifest), file: file)
                    var options = LintOptions()
                    options.clusterState = example.clusterState
                    options.strictReferences = example.clusterState
                    options.probes = example.probes
                    // The policy judged the admitted object alone before focus existed: no baseline to compare with.
                    for (className, profile) in example.controllers {
                        try options.controllers.add(className: className, profileID: profile, origin: file)
                    }
                    let counted = Self.compare(loaded.objects, options: options, engine: LintEngine(), label: file)
                    ingresses += counted.ingresses
                    findings += counted.findings
                }
            }
        }
        print("rule examples: \(ingresses) Ingresses admitted, \(findings) findings concerned them")
        // The grid must hold what it claims to test: relations between Ingresses, and findings.
        #expect(ingresses > 300, "only \(ingresses) Ingresses in the rule examples")
        #expect(findings > 300, "only \(findings) findings concerned them")
    }

    /// The repository's examples/ as one cluster, each Ingress admitted against what
    /// `AdmissionIndex.related` picks, as the webhook does.
    @Test func theExamplesAsOneClusterDecideAlikeFocused() throws {
        let directory = Self.root.appendingPathComponent("examples")
        let objects = try Self.manifests(under: directory)
        let counted = Self.admitEach(objects, label: "examples/")
        #expect(counted.ingresses > 30, "only \(counted.ingresses) Ingresses under examples/")
        #expect(counted.findings > 30, "only \(counted.findings) findings concerned them")
    }

    /// The real-world corpus as one cluster: hosts such as foo.bar.com are named by dozens of its
    /// files, so conflicts, shadowing and cross-namespace claims abound.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: corpus.path), "../shared/corpus/real is absent: the corpus comparison needs it"))
    func theCorpusAsOneClusterDecidesAlikeFocused() throws {
        let objects = try Self.manifests(under: Self.corpus)
        let counted = Self.admitEach(objects, label: "corpus", step: 15)
        #expect(counted.ingresses > 35, "only \(counted.ingresses) Ingresses of the corpus compared")
        #expect(counted.findings > 200, "only \(counted.findings) findings concerned them")
    }

    static func admitEach(_ objects: [ManifestObject], label: String, step: Int = 1) -> (ingresses: Int, findings: Int) {
        let index = AdmissionIndex(objects)
        var options = LintOptions()
        options.clusterState = true
        options.strictReferences = true
        options.absenceWording = "in the cluster"
        var engine = LintEngine()
        engine.concurrent = false
        let counted = compare(objects, options: options, engine: engine, label: label, related: { index.related(to: $0) }, step: step)
        print("\(label): \(counted.ingresses) Ingresses admitted, \(counted.findings) findings concerned them")
        return counted
    }

    /// Every .yaml and .yml file under `directory`, each object under its own name: files are
    /// told apart by namespace where they collide (the corpus names `default/example` often).
    static func manifests(under directory: URL) throws -> [ManifestObject] {
        let files = try #require(FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }
            .filter { ["yaml", "yml"].contains($0.pathExtension) }
            .sorted { $0.path < $1.path }
        var objects: [ManifestObject] = []
        var seen: Set<ObjectRef> = []
        for (position, file) in files.enumerated() {
            let text = try String(contentsOf: file, encoding: .utf8)
            let loaded = ManifestLoader(defaultNamespace: "ns-\(position)").load(text: text, file: file.lastPathComponent)
            for object in loaded.objects where seen.insert(object.ref).inserted { objects.append(object) }
        }
        return objects
    }
}
