import Foundation

/// Mechanical fixes as text edits on the document as the editor holds it: each takes the lines and
/// the finding's (0-based) line and returns the edits, or nothing when the text is not in the
/// shape the fix expects (then no action is offered, rather than a wrong one).
enum QuickFixes {
    struct Edit {
        var startLine: Int
        var startCharacter: Int
        var endLine: Int
        var endCharacter: Int
        var newText: String
    }

    struct Fix {
        var title: String
        var edits: [Edit]
    }

    static let fixable: Set<String> = ["missing-path-type", "deprecated-ingress-class-annotation", "deprecated-api-version"]

    static func fix(rule: String, line: Int, lines: [String]) -> Fix? {
        guard line >= 0, line < lines.count else { return nil }
        switch rule {
        case "missing-path-type": return addPathType(line: line, lines: lines)
        case "deprecated-ingress-class-annotation": return classNameFromAnnotation(line: line, lines: lines)
        case "deprecated-api-version": return ingressV1(line: line, lines: lines)
        default: return nil
        }
    }

    static func indent(_ line: String) -> Int { line.prefix { $0 == " " }.count }

    /// `- path: /x` (or `path: /x` inside the item): `pathType: Prefix` at the key's column.
    static func addPathType(line: Int, lines: [String]) -> Fix? {
        let text = lines[line]
        guard let range = text.range(of: "path:") else { return nil }
        let column = text.distance(from: text.startIndex, to: range.lowerBound)
        let insert = String(repeating: " ", count: column) + "pathType: Prefix\n"
        return Fix(title: "Add pathType: Prefix", edits: [Edit(startLine: line + 1, startCharacter: 0, endLine: line + 1, endCharacter: 0, newText: insert)])
    }

    /// `kubernetes.io/ingress.class: X` becomes `spec.ingressClassName: X`.
    static func classNameFromAnnotation(line: Int, lines: [String]) -> Fix? {
        let text = lines[line]
        guard let range = text.range(of: "kubernetes.io/ingress.class:") else { return nil }
        let value = text[range.upperBound...].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        guard !value.isEmpty else { return nil }
        // The object's `spec:` key, at the indentation of its `metadata:` key.
        guard let metadata = (0..<line).reversed().first(where: { lines[$0].trimmingCharacters(in: .whitespaces) == "metadata:" }) else { return nil }
        let level = indent(lines[metadata])
        guard let spec = ((line + 1)..<lines.count).first(where: { indent(lines[$0]) == level && lines[$0].trimmingCharacters(in: .whitespaces) == "spec:" }) else { return nil }
        let body = ((spec + 1)..<lines.count).prefix(while: { indent(lines[$0]) > level || lines[$0].trimmingCharacters(in: .whitespaces).isEmpty })
        if body.contains(where: { lines[$0].trimmingCharacters(in: .whitespaces).hasPrefix("ingressClassName:") }) { return nil }
        let child = ((spec + 1)..<lines.count).first { !lines[$0].trimmingCharacters(in: .whitespaces).isEmpty }.map { indent(lines[$0]) } ?? level + 2
        let inserted = String(repeating: " ", count: max(child, level + 2)) + "ingressClassName: \(value)\n"
        var edits = [Edit(startLine: spec + 1, startCharacter: 0, endLine: spec + 1, endCharacter: 0, newText: inserted)]
        edits.append(Edit(startLine: line, startCharacter: 0, endLine: line + 1, endCharacter: 0, newText: ""))
        // An `annotations:` left empty goes too.
        let annotationsLine = line - 1
        if annotationsLine >= 0, lines[annotationsLine].trimmingCharacters(in: .whitespaces) == "annotations:",
            line + 1 >= lines.count || indent(lines[line + 1]) <= indent(lines[annotationsLine]) {
            edits.append(Edit(startLine: annotationsLine, startCharacter: 0, endLine: annotationsLine + 1, endCharacter: 0, newText: ""))
        }
        return Fix(title: "Use spec.ingressClassName: \(value)", edits: edits)
    }

    /// An `extensions/v1beta1` or `networking.k8s.io/v1beta1` Ingress rewritten to
    /// `networking.k8s.io/v1`: `serviceName`/`servicePort` become `service: {name, port}`,
    /// `spec.backend` becomes `spec.defaultBackend`, and a path without `pathType` gets
    /// `ImplementationSpecific` (what v1beta1 defaulted to). The whole object is replaced.
    static func ingressV1(line: Int, lines: [String]) -> Fix? {
        let text = lines[line]
        guard text.contains("extensions/v1beta1") || text.contains("networking.k8s.io/v1beta1") else { return nil }
        // The object: from the document start (`---` or the file's start) to the next `---`.
        let start = (0..<line).reversed().first { lines[$0].hasPrefix("---") }.map { $0 + 1 } ?? 0
        let end = ((line + 1)..<lines.count).first { lines[$0].hasPrefix("---") } ?? lines.count
        let object = Array(lines[start..<end])
        guard object.contains(where: { $0.trimmingCharacters(in: .whitespaces) == "kind: Ingress" }) else { return nil }
        var output: [String] = []
        var specIndent: Int?
        var index = 0
        while index < object.count {
            let current = object[index]
            let trimmed = current.trimmingCharacters(in: .whitespaces)
            let level = indent(current)
            if trimmed.hasPrefix("apiVersion:") && level == 0 {
                output.append("apiVersion: networking.k8s.io/v1")
            } else if trimmed == "spec:" && level == 0 {
                specIndent = 0
                output.append(current)
            } else if trimmed == "backend:", let spec = specIndent, level == spec + 2 {
                output.append(String(repeating: " ", count: level) + "defaultBackend:")
            } else if trimmed.hasPrefix("serviceName:") || trimmed.hasPrefix("- serviceName:") {
                let dashed = trimmed.hasPrefix("- ")
                let keyColumn = level + (dashed ? 2 : 0)
                let name = trimmed.dropFirst(dashed ? 2 : 0).dropFirst("serviceName:".count).trimmingCharacters(in: .whitespaces)
                var port = ""
                if index + 1 < object.count, object[index + 1].trimmingCharacters(in: .whitespaces).hasPrefix("servicePort:") {
                    port = object[index + 1].trimmingCharacters(in: .whitespaces).dropFirst("servicePort:".count).trimmingCharacters(in: .whitespaces)
                    index += 1
                }
                let pad = String(repeating: " ", count: keyColumn)
                output.append(String(repeating: " ", count: level) + (dashed ? "- " : "") + "service:")
                output.append(pad + "  name: \(name)")
                if !port.isEmpty {
                    let bare = port.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                    output.append(pad + "  port:")
                    output.append(pad + (Int(bare) != nil ? "    number: \(bare)" : "    name: \(bare)"))
                }
            } else if trimmed.hasPrefix("- path:") || (trimmed.hasPrefix("path:") && !trimmed.hasPrefix("pathType")) {
                output.append(current)
                let keyColumn = level + (trimmed.hasPrefix("- ") ? 2 : 0)
                let itemEnd = ((index + 1)..<object.count).first { indent(object[$0]) < keyColumn || object[$0].trimmingCharacters(in: .whitespaces).hasPrefix("- ") && indent(object[$0]) <= level } ?? object.count
                let hasType = object[(index + 1)..<itemEnd].contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("pathType:") }
                if !hasType { output.append(String(repeating: " ", count: keyColumn) + "pathType: ImplementationSpecific") }
            } else {
                output.append(current)
            }
            index += 1
        }
        let endCharacter = end > start ? 0 : 0
        let replaced = output.joined(separator: "\n") + (end < lines.count ? "\n" : "")
        return Fix(
            title: "Rewrite as networking.k8s.io/v1",
            edits: [Edit(startLine: start, startCharacter: 0, endLine: end, endCharacter: endCharacter, newText: replaced)])
    }
}
