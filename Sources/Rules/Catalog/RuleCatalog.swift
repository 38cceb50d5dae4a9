import IngressModel
import ManifestLoader
import StructuredText

/// The rule documentation the binary carries, parsed from rules/*.yaml as the RuleCatalogPlugin
/// embeds them at build time (`RuleDocuments`).
public struct RuleCatalog: Sendable {
    public let rules: [RuleMetadata]
    /// Problems in the embedded documents; empty in a correct build, checked by a test.
    public let problems: [String]
    private let index: [String: Int]

    public static let shared = RuleCatalog(documents: RuleDocuments.all)

    public init(documents: [(id: String, yaml: String)]) {
        var rules: [RuleMetadata] = []
        var problems: [String] = []
        for document in documents {
            do {
                rules.append(try Self.parse(document.yaml, file: "rules/\(document.id).yaml"))
            } catch {
                problems.append("rules/\(document.id).yaml: \(error)")
            }
        }
        self.rules = rules.sorted { $0.id < $1.id }
        self.problems = problems
        var index: [String: Int] = [:]
        for (position, rule) in self.rules.enumerated() { index[rule.id] = position }
        self.index = index
    }

    public func rule(_ id: String) -> RuleMetadata? { index[id].map { rules[$0] } }

    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    public static func parse(_ yaml: String, file: String) throws -> RuleMetadata {
        let composed = YAMLComposer().compose(yaml)
        if let error = composed.error { throw DocumentError(error, file: file) }
        guard let root = composed.documents.first?.root, root.pairs != nil else { throw ParseError(description: "not a mapping") }
        func string(_ key: String) throws -> String {
            guard let value = root[key]?.text, !value.isEmpty else { throw ParseError(description: "missing `\(key)`") }
            return value
        }
        guard let severity = Severity(rawValue: try string("severity")) else { throw ParseError(description: "severity must be error, warning or info") }
        let category = try string("category")
        guard RuleMetadata.categories.contains(category) else { throw ParseError(description: "unknown category \(category)") }
        func examples(_ key: String) throws -> [RuleMetadata.Example] {
            try (root["examples"]?[key]?.items ?? []).map { node in
                guard let manifest = node["manifest"]?.text else { throw ParseError(description: "an example under \(key) has no manifest") }
                let count = node["findings"]?.intValue ?? (key == "bad" ? 1 : 0)
                var example = RuleMetadata.Example(manifest: manifest, findings: count)
                example.clusterState = node["cluster"]?.text == "true"
                example.probes = (node["probes"]?.items ?? []).map { probe in
                    BackendProbe(
                        namespace: probe["namespace"]?.text ?? "default", service: probe["service"]?.text ?? "",
                        port: probe["port"]?.text ?? "", failure: probe["failure"]?.text)
                }
                example.expected = try (node["expect"]?.items ?? []).map { entry in
                    guard let line = entry["line"]?.intValue, line >= 1 else { throw ParseError(description: "an `expect` entry under \(key) needs a line (1 or more)") }
                    var severity: Severity?
                    if let text = entry["severity"]?.text {
                        guard let parsed = Severity(rawValue: text) else { throw ParseError(description: "an `expect` severity under \(key) must be error, warning or info") }
                        severity = parsed
                    }
                    return RuleMetadata.ExpectedFinding(line: line, field: entry["field"]?.text, severity: severity)
                }
                for entry in node["controllers"]?.pairs ?? [] {
                    guard let className = entry.key.text, let profile = entry.value.text else {
                        throw ParseError(description: "`controllers` of an example under \(key) maps class names to profiles")
                    }
                    example.controllers[className] = profile
                }
                if let entry = node.entry("policy") {
                    example.policy = try Policy.parse(entry.value, file: file)
                    example.policyText = Self.block(of: entry.key, in: yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
                }
                guard example.expected.count <= count else { throw ParseError(description: "an example under \(key) expects more findings than it declares") }
                return example
            }
        }
        return RuleMetadata(
            id: try string("id"), title: try string("title"), category: category, severity: severity,
            description: try string("description"), fix: try string("fix"),
            badExamples: try examples("bad"), goodExamples: try examples("good"))
    }

    /// The text of a block mapping entry as written: its key's line and the lines indented deeper,
    /// dedented (for showing an example's `policy:` beside its manifest).
    static func block(of key: YAMLNode, in lines: [String]) -> String {
        let start = key.line - 1
        guard start >= 0, start < lines.count else { return "" }
        let indent = key.column - 1
        var block = [String(lines[start].dropFirst(indent))]
        for line in lines[(start + 1)...] {
            let leading = line.prefix { $0 == " " }.count
            if !line.trimmingCharacters(in: .whitespaces).isEmpty && leading <= indent { break }
            block.append(String(line.dropFirst(min(indent, leading))))
        }
        while block.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { block.removeLast() }
        return block.joined(separator: "\n")
    }
}
