import Foundation
import Testing

/// webhook-manifests/: every overlay (and both components) renders with the real `kubectl
/// kustomize` and validates against the Kubernetes schemas with `kubernetes-validate`.
@Suite struct WebhookManifestsTests {
    static var validatorAvailable: Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["kubernetes-validate", "--version"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    static func run(_ arguments: [String], cwd: URL? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if let cwd { process.currentDirectoryURL = cwd }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    @Test(.enabled(if: Kubectl.available)) func everyOverlayRendersAndValidates() throws {
        // A copy, so that the plain overlay's certificates are made there and never in the repository.
        let root = try CLIRunner.temporaryDirectory()
        let copy = root.appendingPathComponent("webhook-manifests")
        try FileManager.default.copyItem(at: CLIRunner.repositoryRoot.appendingPathComponent("webhook-manifests"), to: copy)
        let certs = copy.appendingPathComponent("overlays/plain/certs")
        let made = try CLIRunner.run(["webhook", "certs", "--service", "ingress-guard", "--namespace", "ingress-guard-system", "--out", certs.path])
        #expect(made.status == 0, "\(made.stderr)")
        // Both components on top of the cert-manager overlay, as a user would combine them.
        let combined = copy.appendingPathComponent("overlays/combined")
        try FileManager.default.createDirectory(at: combined, withIntermediateDirectories: true)
        try """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources: [../cert-manager]
            components: [../../variants/without-secrets, ../../variants/failure-ignore]
            """.write(to: combined.appendingPathComponent("kustomization.yaml"), atomically: true, encoding: .utf8)
        var rendered: [String: String] = [:]
        for overlay in ["cert-manager", "plain", "combined"] {
            let outcome = try Self.run(["kubectl", "kustomize", copy.appendingPathComponent("overlays/\(overlay)").path])
            #expect(outcome.status == 0, "\(overlay): \(outcome.output)")
            rendered[overlay] = outcome.output
            let file = root.appendingPathComponent("\(overlay).yaml")
            try outcome.output.write(to: file, atomically: true, encoding: .utf8)
            if Self.validatorAvailable {
                let validated = try Self.run(["kubernetes-validate", "--strict", "--quiet", file.path])
                #expect(validated.status == 0, "\(overlay): \(validated.output)")
            }
        }
        let plain = rendered["plain"] ?? ""
        let ca = try String(contentsOf: certs.appendingPathComponent("ca.crt"), encoding: .utf8)
        let bundle = plain.components(separatedBy: "caBundle: |\n").dropFirst().first?
            .split(separator: "\n").prefix { $0.hasPrefix("      ") }.map { $0.trimmingCharacters(in: .whitespaces) }.joined() ?? ""
        #expect(Data(base64Encoded: bundle).map { String(decoding: $0, as: UTF8.self) } == ca, "the caBundle is not certs/ca.crt")
        #expect(rendered["cert-manager"]?.contains("cert-manager.io/inject-ca-from: ingress-guard-system/ingress-guard") == true)
        let combinedText = rendered["combined"] ?? ""
        #expect(combinedText.contains("failurePolicy: Ignore"))
        #expect(combinedText.contains("--without-tls-secrets"))
        #expect(!combinedText.contains("- secrets"), "the ClusterRole still reads Secrets")
        for text in rendered.values {
            #expect(text.contains("readOnlyRootFilesystem: true") && text.contains("allowPrivilegeEscalation: false") && text.contains("runAsNonRoot: true"))
            #expect(text.contains("timeoutSeconds: 5") && text.contains("sideEffects: None") && text.contains("matchPolicy: Equivalent"))
            // The policy ConfigMap, mounted as a directory so edits reach the running webhook.
            #expect(text.contains("--policy=/etc/ingress-guard/policy.yaml") && text.contains("name: ingress-guard-policy"))
            #expect(text.contains("- namespaces"), "the ClusterRole does not read Namespaces")
        }
        // The base's own check: the webhook's manifests lint clean with the linter.
        let linted = try CLIRunner.run(["lint", root.appendingPathComponent("plain.yaml").path])
        #expect(linted.status == 0, "\(linted.stdout)")
    }
}
