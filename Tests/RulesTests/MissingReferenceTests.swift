import Inventory
import ManifestLoader
import Testing
@testable import Rules

/// A reference absent from the inputs: how sure the finding is depends on what else they hold.
@Suite struct MissingReferenceTests {
    static let ingress = """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: web, namespace: shop}
        spec:
          rules:
          - http:
              paths:
              - {path: /, pathType: Prefix, backend: {service: {name: web-svcs, port: {number: 80}}}}
        """

    func finding(_ text: String, strict: Bool = false) -> Finding? {
        let loaded = ManifestLoader().load(text: text, file: "web.yaml")
        var options = LintOptions()
        options.strictReferences = strict
        let context = RuleContext(inventory: Inventory(loaded.objects), options: options)
        return LintEngine(rules: [ServiceNotFoundRule()]).run(context).findings.first
    }

    @Test func noServiceInTheNamespaceIsInformation() {
        let other = "\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web-svc, namespace: elsewhere}\nspec: {ports: [{port: 80}]}\n"
        let result = finding(Self.ingress + other)
        #expect(result?.severity == .info)
        #expect(result?.message.contains("did you mean") == false)
    }

    @Test func otherServicesMakeItAWarningWithTheClosestName() {
        let services = "\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web-svc, namespace: shop}\nspec: {ports: [{port: 80}]}\n"
            + "---\napiVersion: v1\nkind: Service\nmetadata: {name: payments, namespace: shop}\nspec: {ports: [{port: 80}]}\n"
        let result = finding(Self.ingress + services)
        #expect(result?.severity == .warning)
        #expect(result?.message.hasSuffix("is not in the inputs (did you mean web-svc?)") == true)
    }

    @Test func aDistantNameIsAPartialFileNotASlip() {
        let services = "\n---\napiVersion: v1\nkind: Service\nmetadata: {name: payments, namespace: shop}\nspec: {ports: [{port: 80}]}\n"
        let result = finding(Self.ingress + services)
        #expect(result?.severity == .info)
    }

    @Test func strictReferencesMakeItAnError() {
        #expect(finding(Self.ingress, strict: true)?.severity == .error)
    }

    @Test func suggestionsAreSlipsNotGuesses() {
        #expect(Suggestion.closest(to: "web-svcs", among: ["web-svc", "api"]) == "web-svc")
        #expect(Suggestion.closest(to: "rewrite-targt", among: ["rewrite-target", "use-regex"]) == "rewrite-target")
        #expect(Suggestion.closest(to: "api", among: ["web"]) == nil)
        #expect(Suggestion.closest(to: "web", among: ["web"]) == nil)
        // A word of its own in a long name is another object, not a typo (real manifests).
        #expect(Suggestion.closest(to: "nginx-rollout-root", among: ["nginx-rollout-stable", "nginx-rollout-canary"]) == nil)
        #expect(Suggestion.closest(to: "service-ingress-no-namespace", among: ["service-no-namespace"]) == nil)
        #expect(Suggestion.closest(to: "example-fail", among: ["example-com"]) == nil)
        #expect(Suggestion.closest(to: "frontend-servcie", among: ["frontend-service"]) == "frontend-service")
    }
}
