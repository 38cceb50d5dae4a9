import Foundation
import Testing

/// `.ingress-guard.yaml` is read once, as a configuration: every mistake in it is exit 2 naming
/// the file, line and column, and a file that is not one is never taken for manifests.
@Suite struct ConfigurationFileTests {
    static func lint(config text: String) throws -> CLIRunner.Outcome {
        let directory = try CLIRunner.temporaryDirectory()
        let config = directory.appendingPathComponent(".ingress-guard.yaml")
        try text.write(to: config, atomically: true, encoding: .utf8)
        return try CLIRunner.run(["lint", "--config", config.path, "examples/good"])
    }

    @Test func aSyntaxErrorNamesFileLineAndColumn() throws {
        let outcome = try Self.lint(config: "rules:\n  invalid-host: [off\n")
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("invalid configuration:") && outcome.stderr.contains(".ingress-guard.yaml:"), "\(outcome.stderr)")
    }

    @Test func anUnknownRuleOrSettingIsRefusedWhereItIs() throws {
        let rule = try Self.lint(config: "rules:\n  no-such-rule: off\n")
        #expect(rule.status == 2)
        #expect(rule.stderr.contains(".ingress-guard.yaml:2:3: unknown rule \"no-such-rule\""), "\(rule.stderr)")
        let setting = try Self.lint(config: "apiVersion: networking.k8s.io/v1\nkind: Ingress\n")
        #expect(setting.status == 2)
        #expect(setting.stderr.contains(".ingress-guard.yaml:1:1: unknown setting \"apiVersion\""), "\(setting.stderr)")
    }

    @Test func aValidConfigurationApplies() throws {
        let outcome = try Self.lint(config: "rules:\n  tls-secret-not-found: off\nexpiryDays: 21\n")
        #expect(outcome.status == 0, "\(outcome.stderr)")
    }

    @Test func aConfigurationThatIsNotUTF8IsRefused() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let config = directory.appendingPathComponent(".ingress-guard.yaml")
        try Data([0x72, 0x75, 0x6C, 0x65, 0x73, 0x3A, 0xFF, 0xFE, 0x0A]).write(to: config)
        let outcome = try CLIRunner.run(["lint", "--config", config.path, "examples/good"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("invalid configuration: \(config.path)"), "\(outcome.stderr)")
    }
}
