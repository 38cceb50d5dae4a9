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

    static func fix(rule: String, line: Int, lines raw: [String]) -> Fix? {
        guard line >= 0, line < raw.count else { return nil }
        // CRLF documents: matched without their \r; inserted lines end as theirs do.
        let lines = raw.map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
        let eol = raw.first?.hasSuffix("\r") == true ? "\r\n" : "\n"
        switch rule {
        case "missing-path-type": return addPathType(line: line, lines: lines, eol: eol)
        case "deprecated-ingress-class-annotation": return classNameFromAnnotation(line: line, lines: lines, eol: eol)
        case "deprecated-api-version": return ingressV1(line: line, lines: lines, eol: eol)
        default: return nil
        }
    }

    static func indent(_ line: String) -> Int { line.prefix { $0 == " " }.count }

    static func trimmed(_ line: String) -> String { line.trimmingCharacters(in: .whitespaces) }

    /// The lines of the YAML document holding `line` (between `---` separators).
    static func document(around line: Int, in lines: [String]) -> Range<Int> {
        let start = (0..<line).reversed().first { lines[$0].hasPrefix("---") }.map { $0 + 1 } ?? 0
        let end = ((line + 1)..<lines.count).first { lines[$0].hasPrefix("---") } ?? lines.count
        return start..<end
    }

    /// `- path: /x` (or `path: /x` inside the item): `pathType: Prefix` at the key's column. The
    /// finding stands at the path item, whose `path:` key may come after others (`kubectl get -o
    /// yaml` writes `backend` first); flow-style items get no fix.
    static func addPathType(line: Int, lines: [String], eol: String) -> Fix? {
        let item = trimmed(lines[line])
        guard item.hasPrefix("- ") || item.hasPrefix("path:") else { return nil }
        let itemIndent = indent(lines[line])
        let keyColumn = item.hasPrefix("- ") ? itemIndent + 2 : itemIndent
        var candidates = [line]
        var next = line + 1
        while next < lines.count, !lines[next].hasPrefix("---"), trimmed(lines[next]).isEmpty || indent(lines[next]) >= keyColumn {
            if indent(lines[next]) == keyColumn { candidates.append(next) }
            next += 1
        }
        guard let pathLine = candidates.first(where: { candidate in
            let key = trimmed(lines[candidate]).hasPrefix("- ") ? String(trimmed(lines[candidate]).dropFirst(2)) : trimmed(lines[candidate])
            return key.hasPrefix("path:") && !key.contains("{")
        }) else { return nil }
        let insert = String(repeating: " ", count: keyColumn) + "pathType: Prefix" + eol
        return Fix(title: "Add pathType: Prefix", edits: [Edit(startLine: pathLine + 1, startCharacter: 0, endLine: pathLine + 1, endCharacter: 0, newText: insert)])
    }

    /// `kubernetes.io/ingress.class: X` becomes `spec.ingressClassName: X`, for a block-style
    /// annotation whose value is a valid class name and a block-style `spec:` in the same document.
    static func classNameFromAnnotation(line: Int, lines: [String], eol: String) -> Fix? {
        let text = trimmed(lines[line])
        let key = "kubernetes.io/ingress.class:"
        guard text.hasPrefix(key) else { return nil }
        var value = String(text.dropFirst(key.count))
        if let comment = value.range(of: " #") { value = String(value[..<comment.lowerBound]) }
        value = value.trimmingCharacters(in: .whitespaces)
        if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first { value = String(value.dropFirst().dropLast()) }
        guard !value.isEmpty, value.count <= 253, value.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "." }),
            value.first != "-", value.first != ".", value.last != "-", value.last != "."
        else { return nil }
        let document = Self.document(around: line, in: lines)
        guard let metadata = (document.lowerBound..<line).reversed().first(where: { trimmed(lines[$0]) == "metadata:" }) else { return nil }
        let level = indent(lines[metadata])
        guard let spec = ((line + 1)..<document.upperBound).first(where: { indent(lines[$0]) == level && trimmed(lines[$0]) == "spec:" }) else { return nil }
        let body = ((spec + 1)..<document.upperBound).prefix(while: { indent(lines[$0]) > level || trimmed(lines[$0]).isEmpty })
        if body.contains(where: { trimmed(lines[$0]).hasPrefix("ingressClassName:") }) { return nil }
        let child = body.first { !trimmed(lines[$0]).isEmpty }.map { indent(lines[$0]) } ?? level + 2
        let inserted = String(repeating: " ", count: max(child, level + 2)) + "ingressClassName: \(value)" + eol
        var edits = [Edit(startLine: spec + 1, startCharacter: 0, endLine: spec + 1, endCharacter: 0, newText: inserted)]
        edits.append(Edit(startLine: line, startCharacter: 0, endLine: line + 1, endCharacter: 0, newText: ""))
        // An `annotations:` left empty goes too.
        let annotationsLine = line - 1
        if annotationsLine >= 0, trimmed(lines[annotationsLine]) == "annotations:",
            line + 1 >= lines.count || indent(lines[line + 1]) <= indent(lines[annotationsLine]) {
            edits.append(Edit(startLine: annotationsLine, startCharacter: 0, endLine: annotationsLine + 1, endCharacter: 0, newText: ""))
        }
        return Fix(title: "Use spec.ingressClassName: \(value)", edits: edits)
    }

    /// An `extensions/v1beta1` or `networking.k8s.io/v1beta1` Ingress rewritten to
    /// `networking.k8s.io/v1`: `serviceName`/`servicePort` become `service: {name, port}`,
    /// `spec.backend` becomes `spec.defaultBackend`, and a path without `pathType` gets
    /// `ImplementationSpecific` (what v1beta1 defaulted to). The whole object is replaced.
    static func ingressV1(line: Int, lines: [String], eol: String) -> Fix? {
        let text = lines[line]
        guard text.contains("extensions/v1beta1") || text.contains("networking.k8s.io/v1beta1") else { return nil }
        // The object: from the document start (`---` or the file's start) to the next `---`. Only
        // a block-style Ingress of its own document is rewritten (not a List's item, not flow style).
        let document = Self.document(around: line, in: lines)
        let (start, end) = (document.lowerBound, document.upperBound)
        let object = Array(lines[start..<end])
        guard object.contains(where: { trimmed($0) == "kind: Ingress" && indent($0) == 0 }),
            !object.contains(where: { $0.contains("{") && ($0.contains("serviceName") || $0.contains("servicePort") || $0.contains("backend")) })
        else { return nil }
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
            } else if trimmed.hasPrefix("- path:") || trimmed.hasPrefix("path:") {
                output.append(current)
                let dashed = trimmed.hasPrefix("- ")
                let keyColumn = level + (dashed ? 2 : 0)
                // The item around the key, whichever of its keys comes first.
                let itemStart = dashed ? index : ((0..<index).reversed().first { indent(object[$0]) == keyColumn - 2 && Self.trimmed(object[$0]).hasPrefix("- ") } ?? index)
                let itemEnd = ((index + 1)..<object.count).first { indent(object[$0]) < keyColumn && !Self.trimmed(object[$0]).isEmpty } ?? object.count
                let hasType = object[itemStart..<itemEnd].contains { line in
                    let key = Self.trimmed(line).hasPrefix("- ") ? String(Self.trimmed(line).dropFirst(2)) : Self.trimmed(line)
                    return key.hasPrefix("pathType:")
                }
                if !hasType { output.append(String(repeating: " ", count: keyColumn) + "pathType: ImplementationSpecific") }
            } else {
                output.append(current)
            }
            index += 1
        }
        // Anything the rewrite did not understand stays out of a v1 object: then no fix at all.
        guard !output.contains(where: { $0.contains("serviceName") || $0.contains("servicePort") }) else { return nil }
        let replaced = output.joined(separator: eol) + (end < lines.count ? eol : "")
        // The range ends where the document does: the next separator's line, or the last line's end.
        let endLine = end < lines.count ? end : lines.count - 1
        let endCharacter = end < lines.count ? 0 : lines[lines.count - 1].utf16.count
        return Fix(
            title: "Rewrite as networking.k8s.io/v1",
            edits: [Edit(startLine: start, startCharacter: 0, endLine: endLine, endCharacter: endCharacter, newText: replaced)])
    }
}
