import CertificateFixtures
import Foundation
import Inventory
import ManifestLoader
import Testing
@testable import Rules

/// A weak key used to stop every other certificate check (swift-certificates refuses the whole
/// certificate); an RSA-1024 certificate that has expired and names another host gets all three.
@Suite struct WeakKeyCertificateTests {
    @Test func aWeakKeyHidesNoOtherFault() throws {
        let rule = try #require(RuleCatalog.shared.rule("tls-weak-key"))
        let manifest = try #require(rule.badExamples.first { $0.manifest.contains("weak-expired-other-host") }).manifest
        let loaded = ManifestLoader().load(text: CertificateFixtures.expand(manifest), file: "weak.yaml")
        let findings = LintEngine().run(RuleContext(inventory: Inventory(loaded.objects), loadIssues: loaded.issues)).findings
        let rules = Set(findings.map(\.ruleID))
        #expect(rules.isSuperset(of: ["tls-weak-key", "tls-cert-expired", "tls-host-not-covered"]), "\(findings.map { "\($0.ruleID): \($0.message)" })")
        #expect(!rules.contains("tls-cert-invalid"))
    }
}
