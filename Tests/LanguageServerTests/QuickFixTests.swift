import IngressModel
import Testing
@testable import LanguageServer

/// The mechanical fixes on the shapes editors hold: block and flow style, keys in any order, CRLF,
/// Lists; a shape a fix does not understand gets no fix rather than a wrong one.
@Suite struct QuickFixTests {
    static func lines(_ text: String) -> [String] { LanguageServer.lines(text) }

    static func apply(_ fix: QuickFixes.Fix, to text: String) -> String {
        var lines = Self.lines(text)
        for edit in fix.edits.sorted(by: { ($0.startLine, $0.startCharacter) > ($1.startLine, $1.startCharacter) }) {
            let before = edit.startLine < lines.count ? String(lines[edit.startLine].prefix(edit.startCharacter)) : ""
            let after = edit.endLine < lines.count ? String(lines[edit.endLine].dropFirst(edit.endCharacter)) : ""
            let replaced = Self.lines(before + edit.newText + after)
            lines.replaceSubrange(min(edit.startLine, lines.count)..<min(edit.endLine + 1, lines.count), with: replaced)
        }
        return lines.joined(separator: "\n")
    }

    @Test func pathTypeGoesBesideThePathKeyWhereverItIs() throws {
        let backendFirst = "    paths:\n      - backend:\n          service: {name: web, port: {number: 80}}\n        path: /\n"
        let fix = try #require(QuickFixes.fix(rule: "missing-path-type", line: 1, lines: Self.lines(backendFirst)))
        #expect(Self.apply(fix, to: backendFirst) == "    paths:\n      - backend:\n          service: {name: web, port: {number: 80}}\n        path: /\n        pathType: Prefix\n")
        #expect(QuickFixes.fix(rule: "missing-path-type", line: 1, lines: Self.lines("    paths:\n      - {path: /, backend: {service: {name: web, port: {number: 80}}}}\n")) == nil)
        let crlf = "    paths:\r\n      - path: /\r\n        backend: {}\r\n"
        let crlfFix = try #require(QuickFixes.fix(rule: "missing-path-type", line: 1, lines: Self.lines(crlf)))
        #expect(crlfFix.edits.first?.newText == "        pathType: Prefix\r\n")
    }

    @Test func theClassAnnotationBecomesIngressClassNameOnlyWhenItCanBe() throws {
        let text = "metadata:\n  name: a\n  annotations:\n    kubernetes.io/ingress.class: \"nginx\" # the public one\nspec:\n  rules: []\n"
        let fix = try #require(QuickFixes.fix(rule: "deprecated-ingress-class-annotation", line: 3, lines: Self.lines(text)))
        #expect(Self.apply(fix, to: text) == "metadata:\n  name: a\nspec:\n  ingressClassName: nginx\n  rules: []\n")
        // Flow-style annotations, a value that is no class name, a spec in the next document: no fix.
        #expect(QuickFixes.fix(rule: "deprecated-ingress-class-annotation", line: 2, lines: Self.lines("metadata:\n  name: a\n  annotations: {kubernetes.io/ingress.class: nginx, a: b}\nspec:\n  rules: []\n")) == nil)
        #expect(QuickFixes.fix(rule: "deprecated-ingress-class-annotation", line: 3, lines: Self.lines("metadata:\n  name: a\n  annotations:\n    kubernetes.io/ingress.class: Public_LB\nspec:\n  rules: []\n")) == nil)
        #expect(QuickFixes.fix(rule: "deprecated-ingress-class-annotation", line: 3, lines: Self.lines("metadata:\n  name: a\n  annotations:\n    kubernetes.io/ingress.class: nginx\n---\nspec:\n  rules: []\n")) == nil)
    }

    @Test func v1beta1IsRewrittenOnlyInShapesTheRewriteUnderstands() throws {
        let text = """
            apiVersion: extensions/v1beta1
            kind: Ingress
            metadata: {name: a}
            spec:
              backend:
                serviceName: fallback
                servicePort: http
              rules:
                - http:
                    paths:
                      - pathType: Exact
                        path: /exact
                        backend:
                          serviceName: web
                          servicePort: 80
                      - path: /
                        backend:
                          serviceName: web
                          servicePort: 80
            """
        let fix = try #require(QuickFixes.fix(rule: "deprecated-api-version", line: 0, lines: Self.lines(text)))
        let fixed = Self.apply(fix, to: text)
        #expect(fixed.hasPrefix("apiVersion: networking.k8s.io/v1\n"))
        #expect(fixed.contains("  defaultBackend:\n    service:\n      name: fallback\n      port:\n        name: http\n"), "\(fixed)")
        #expect(fixed.components(separatedBy: "pathType:").count == 3, "one pathType per path: \(fixed)")
        #expect(fixed.contains("- path: /\n            pathType: ImplementationSpecific\n"), "\(fixed)")
        #expect(!fixed.contains("serviceName") && !fixed.contains("servicePort"))
        // Flow style, and an object that is a List's item: no fix.
        #expect(QuickFixes.fix(rule: "deprecated-api-version", line: 0, lines: Self.lines("apiVersion: extensions/v1beta1\nkind: Ingress\nspec:\n  backend: {serviceName: a, servicePort: 80}\n")) == nil)
        #expect(QuickFixes.fix(rule: "deprecated-api-version", line: 3, lines: Self.lines("apiVersion: v1\nkind: List\nitems:\n- apiVersion: extensions/v1beta1\n  kind: Ingress\n")) == nil)
    }

    @Test func rangesCountUTF16AsLSPDoes() {
        // 🚀 is one scalar (one column) but two UTF-16 code units.
        let lines = ["  name: \"🚀\" x\tweb"]
        let range = LanguageServer.range(SourceLocation(file: "f", line: 1, column: 13), lines: lines)
        let start = range["start"] as? [String: Int]
        let end = range["end"] as? [String: Int]
        #expect(start?["character"] == 13 && end?["character"] == 14, "\(range)")
        let tab = LanguageServer.range(SourceLocation(file: "f", line: 1, column: 15), lines: lines)
        #expect((tab["end"] as? [String: Int])?["character"] == 18, "the word ends at the tab: \(tab)")
    }
}
