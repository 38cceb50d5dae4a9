import Foundation

// rule-catalog-embedder OUTPUT RULE_FILE...
// Writes `RuleDocuments.all`, each rule file's text under the file's name without `.yaml`, as raw
// string literals: the text is embedded as written, with no escaping to get wrong. An @main type,
// not top-level code: fuzzing builds compile every executable as a library (-parse-as-library).

@main
enum RuleCatalogEmbedder {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        guard let output = arguments.first else {
            FileHandle.standardError.write(Data("usage: rule-catalog-embedder OUTPUT RULE_FILE...\n".utf8))
            exit(2)
        }
        var lines = [
            "// Embedded by the RuleCatalogPlugin from rules/*.yaml at build time.",
            "",
            "enum RuleDocuments {",
            "    static let all: [(id: String, yaml: String)] = [",
        ]
        for path in arguments.dropFirst().sorted(by: { ($0 as NSString).lastPathComponent < ($1 as NSString).lastPathComponent }) {
            let url = URL(fileURLWithPath: path)
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                FileHandle.standardError.write(Data("\(path): cannot be read as UTF-8\n".utf8))
                exit(1)
            }
            guard !text.contains("\"\"\"##") else {
                FileHandle.standardError.write(Data("\(path): contains \"\"\"## and cannot be embedded as a raw string\n".utf8))
                exit(1)
            }
            let id = url.deletingPathExtension().lastPathComponent
            var body = text
            while body.hasSuffix("\n") { body.removeLast() }
            lines.append("        (\"\(id)\", ##\"\"\"")
            lines.append(body)
            lines.append("\"\"\"##),")
        }
        lines += ["    ]", "}", ""]
        do {
            try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            FileHandle.standardError.write(Data("cannot write \(output): \(error)\n".utf8))
            exit(1)
        }
    }
}
