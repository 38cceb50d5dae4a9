import Foundation
import IngressModel
import Routing

/// Values of ingress-nginx annotations that the controller copies into nginx.conf (URLs, header
/// names, host and object names) and that contain characters able to end the directive or the
/// block they land in. That is how CVE-2021-25746, CVE-2023-5044 and the 2025 injections turned
/// an Ingress edit into code execution in the controller. The fix is a plain value. An NGINX
/// variable where a literal URL is expected cannot end the directive: a warning that NGINX expands it.
struct AnnotationInjectionRule: Rule {
    let declaration = RuleDeclaration(id: "annotation-injection", category: .security, severity: .error)

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for ingress in context.subjects {
            for (key, value) in ingress.metadata.annotations.sorted(by: { $0.key < $1.key }) {
                guard let spec = AnnotationCatalog.spec(key), let injection = spec.injection, context.reads(spec, on: ingress) else { continue }
                let (constructs, variables) = Self.breakouts(in: value.value, context: injection)
                if !constructs.isEmpty {
                    findings.append(finding(
                        "annotation \(key) value \(AnnotationCatalog.quoted(value.value)) contains \((constructs + variables).joined(separator: ", ")): the controller writes it into nginx.conf, where this can end the directive and inject configuration",
                        at: value, object: ingress.ref, hint: Self.hint(for: injection, value: value.value)))
                } else if !variables.isEmpty {
                    // A variable cannot end the directive: NGINX expands it where a literal was meant.
                    findings.append(finding(
                        "annotation \(key) value \(AnnotationCatalog.quoted(value.value)) contains \(variables.joined(separator: ", ")): the controller writes it into nginx.conf, where NGINX expands it instead of taking it literally",
                        at: value, object: ingress.ref, severity: .warning, hint: Self.hint(for: injection, value: value.value)))
                }
            }
        }
        return findings
    }

    /// The constructs in a value that can escape the directive it is written into, and apart the
    /// NGINX variables written where a literal value is expected (they cannot escape it).
    static func breakouts(in value: String, context: InjectionContext) -> (escapes: [String], variables: [String]) {
        let scalars = Array(value.unicodeScalars)
        var found: [String] = []
        var variables: [String] = []
        func note(_ construct: String) { if !found.contains(construct) { found.append(construct) } }
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case "\n", "\r": note("a line break")
            case ";": note("';', which ends an NGINX directive")
            case "#": note("'#', which starts an NGINX comment")
            case "{", "}": note("'\(scalar)', which opens or closes an NGINX block")
            case " ", "\t":
                if case .url = context { note("whitespace, which starts a new directive parameter") }
            case "$":
                // `${name}` is NGINX's braced variable syntax, not a block.
                let variable = Self.variableLength(scalars, at: index)
                if case .url(variables: false) = context, variable > 0 {
                    let construct = "the NGINX variable '\(String(String.UnicodeScalarView(scalars[index..<index + variable])))' where a literal URL is expected"
                    if !variables.contains(construct) { variables.append(construct) }
                }
                index += max(variable, 1)
                continue
            default: break
            }
            index += 1
        }
        for quote in ["\"", "'"] where value.unicodeScalars.filter({ String($0) == quote }).count % 2 == 1 {
            note("an unbalanced \(quote) quote")
        }
        return (found, variables)
    }

    /// Length of `$name` or `${name}` starting at `start`, 0 when no variable starts there.
    static func variableLength(_ scalars: [Unicode.Scalar], at start: Int) -> Int {
        func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "_": return true
            default: return false
            }
        }
        var index = start + 1
        let braced = index < scalars.count && scalars[index] == "{"
        if braced { index += 1 }
        let nameStart = index
        while index < scalars.count, isNameScalar(scalars[index]) { index += 1 }
        guard index > nameStart else { return 0 }
        if braced {
            guard index < scalars.count, scalars[index] == "}" else { return 0 }
            index += 1
        }
        return index - start
    }

    static func hint(for context: InjectionContext, value: String) -> String {
        var hint: String
        switch context {
        case .url(variables: true): hint = "write a plain URL or path (NGINX variables such as $host are allowed, nothing that ends the directive)"
        case .url(variables: false): hint = "write a plain URL or path: no spaces, quotes, ';', '{', '}', '#' or '$'"
        case .headerNames: hint = "list header names separated by commas, nothing else"
        case .name: hint = "write only the name or pattern: no line breaks, quotes, ';', '{', '}' or '#'"
        }
        if value.hasSuffix("\n"), value.dropLast().rangeOfCharacter(from: .newlines) == nil {
            hint += "; a YAML block scalar (|) keeps a final line break: use |- or a quoted string"
        }
        return hint + ". Keep ingress-nginx's annotation validation on (the default since v1.12) and the controller patched"
    }
}
