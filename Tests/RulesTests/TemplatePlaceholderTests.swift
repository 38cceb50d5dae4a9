import Inventory
import ManifestLoader
import Testing
@testable import Rules

/// What counts as an unrendered placeholder, and what must not (values that only look like one).
@Suite struct TemplatePlaceholderTests {
    @Test(arguments: [
        ("${DOMAIN}", "${DOMAIN}"), ("api.${DOMAIN}", "${DOMAIN}"), ("$(SERVICE_NAME)", "$(SERVICE_NAME)"),
        ("$CLUSTER_DNS_NAME", "$CLUSTER_DNS_NAME"), ("<FQDN>", "<FQDN>"), ("<your domain>", "<your domain>"),
        ("__INGRESS_HOST__", "__INGRESS_HOST__"), ("REPLACEME-canary", "REPLACEME"), ("{{ .Values.host }}", "{{ .Values.host }}"),
        ("shop.YOUR_HOSTED_ZONE", "YOUR_HOSTED_ZONE"), ("CHANGEME.example.com", "CHANGEME"),
    ])
    func placeholdersAreFound(value: String, placeholder: String) {
        #expect(TemplatePlaceholders.placeholder(in: value) == placeholder)
    }

    @Test(arguments: [
        "shop.example.com", "/api/v1", "web-svc", "$host", "${binary_remote_addr}", "/a$", "/price/$1", "my_svc",
        "_dmarc.example.com", "<", "a<b", "{{", "/{id}", "$A",
    ])
    func ordinaryValuesAreNot(value: String) {
        #expect(TemplatePlaceholders.placeholder(in: value) == nil)
    }

    /// A template's Service (`REPLACEME-web`) is folded like its Ingress's fields; a Service of
    /// the same invalid name in another file is not.
    @Test func theTemplatesOtherObjectsAreFoldedInTheirFileOnly() {
        let template = """
            apiVersion: v1
            kind: Service
            metadata: {name: REPLACEME-web}
            spec: {ports: [{port: 80}]}
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: REPLACEME-ingress}
            spec:
              rules:
              - http:
                  paths:
                  - {path: /, pathType: Prefix, backend: {service: {name: REPLACEME-web, port: {number: 80}}}}
            """
        let other = """
            apiVersion: v1
            kind: Service
            metadata: {name: REPLACEME-api}
            spec: {ports: [{port: 80}]}
            """
        let first = ManifestLoader().load(text: template, file: "template.yaml")
        let second = ManifestLoader().load(text: other, file: "other.yaml")
        let context = RuleContext(inventory: Inventory(first.objects + second.objects), loadIssues: first.issues + second.issues)
        let result = LintEngine().run(context)
        let invalidNames = result.findings.filter { $0.ruleID == "invalid-name" }
        #expect(invalidNames.map(\.location.file) == ["other.yaml"], "\(invalidNames.map(\.message))")
        #expect(result.suppressed.contains { $0.ruleID == "invalid-name" && $0.object?.name == "REPLACEME-web" && $0.object?.kind == "Service" })
        #expect(result.findings.contains { $0.ruleID == "unrendered-template" })
    }
}
