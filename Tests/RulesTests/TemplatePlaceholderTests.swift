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
}
