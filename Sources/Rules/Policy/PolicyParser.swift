import IngressModel
import Routing
import StructuredText

extension Policy {
    static let keys = ["allowedIngressClasses", "hosts", "forbidDefaultBackend", "paths", "annotations", "exemptNamespaces"]
    static let hostKeys = ["requireTLS", "forbidWildcard", "forbidEmpty", "maxPerIngress", "uniqueAcrossNamespaces", "ownership"]

    /// Reads `policy:` of a configuration file. Anything it cannot take as written (an unknown
    /// key, a wrong type, a pattern that does not compile) is an error at its line: a policy that
    /// silently drops a setting enforces less than its author believes.
    public static func parse(_ node: YAMLNode, file: String) throws -> Policy {
        let reader = PolicyReader(file: file)
        return try reader.read(node)
    }
}

/// The walk over `policy:`; `fail` places each error on the node that caused it.
private struct PolicyReader {
    let file: String

    func fail(_ node: YAMLNode, _ message: String) -> DocumentError {
        DocumentError(message, at: node, file: file)
    }

    func location(_ node: YAMLNode) -> SourceLocation {
        SourceLocation(file: file, line: node.line, column: node.column)
    }

    func mapping(_ node: YAMLNode, _ field: String, known: [String]) throws -> YAMLNode.Pairs {
        guard let pairs = node.pairs else { throw fail(node, "`\(field)` must be a mapping (of \(known.joined(separator: ", ")))") }
        for pair in pairs {
            let key = pair.key.text ?? ""
            guard known.contains(key) else {
                throw fail(pair.key, "unknown setting \"\(field).\(key)\" (known: \(known.joined(separator: ", ")))")
            }
        }
        return pairs
    }

    func flag(_ node: YAMLNode, _ field: String) throws -> Policy.Setting<Bool> {
        guard let scalar = node.scalar, scalar.resolvedType == .boolean, ["true", "false"].contains(scalar.text.lowercased()) else {
            throw fail(node, "`\(field)` must be true or false")
        }
        return Policy.Setting(value: scalar.text.lowercased() == "true", field: field, location: location(node))
    }

    func strings(_ node: YAMLNode, _ field: String) throws -> [(String, YAMLNode)] {
        guard let items = node.items else { throw fail(node, "`\(field)` must be a list of strings") }
        return try items.map { item in
            guard let text = item.stringValue ?? item.scalar.flatMap({ $0.resolvedType == .integer ? $0.text : nil }) else {
                throw fail(item, "each entry of `\(field)` must be a string")
            }
            return (text, item)
        }
    }

    func globs(_ node: YAMLNode, _ field: String, ignoringCase: Bool = false) throws -> [PolicyGlob] {
        try strings(node, field).map { text, item in
            do {
                return try PolicyGlob(text, ignoresCase: ignoringCase)
            } catch let error as PolicyGlob.SyntaxError {
                throw fail(item, "`\(field)`: \(error.description)")
            }
        }
    }

    func read(_ node: YAMLNode) throws -> Policy {
        var policy = Policy(file: file)
        guard !node.isNull else { return policy }
        for pair in try mapping(node, "policy", known: Policy.keys) {
            let key = pair.key.text ?? ""
            let value = pair.value
            let field = "policy.\(key)"
            switch key {
            case "allowedIngressClasses":
                policy.allowedIngressClasses = Policy.Setting(value: try globs(value, field), field: field, location: location(value))
            case "hosts":
                try readHosts(value, into: &policy)
            case "forbidDefaultBackend":
                policy.forbidDefaultBackend = try flag(value, field)
            case "paths":
                for entry in try mapping(value, field, known: ["deny"]) {
                    for (text, item) in try strings(entry.value, "\(field).deny") {
                        do {
                            policy.deniedPaths.append(Policy.Setting(value: try PathDenyPattern(text), field: "\(field).deny", location: location(item)))
                        } catch let error as PathDenyPattern.SyntaxError {
                            throw fail(item, "`\(field).deny`: \(error.description)")
                        }
                    }
                }
            case "annotations":
                try readAnnotations(value, into: &policy)
            case "exemptNamespaces":
                policy.exemptNamespaces = try globs(value, field)
            default:
                break
            }
        }
        return policy
    }

    func readHosts(_ node: YAMLNode, into policy: inout Policy) throws {
        for pair in try mapping(node, "policy.hosts", known: Policy.hostKeys) {
            let key = pair.key.text ?? ""
            let value = pair.value
            let field = "policy.hosts.\(key)"
            switch key {
            case "requireTLS": policy.requireTLS = try flag(value, field)
            case "forbidWildcard": policy.forbidWildcardHosts = try flag(value, field)
            case "forbidEmpty": policy.forbidEmptyHosts = try flag(value, field)
            case "uniqueAcrossNamespaces": policy.uniqueHostsAcrossNamespaces = try flag(value, field)
            case "maxPerIngress":
                guard let limit = value.intValue, limit >= 1 else { throw fail(value, "`\(field)` must be a whole number of at least 1") }
                policy.maxHostsPerIngress = Policy.Setting(value: limit, field: field, location: location(value))
            case "ownership":
                guard let entries = value.items else { throw fail(value, "`\(field)` must be a list of {hosts: [...], namespaces: [...]} entries") }
                for (index, entry) in entries.enumerated() {
                    policy.ownership.append(try ownership(entry, "\(field)[\(index)]"))
                }
            default:
                break
            }
        }
    }

    func ownership(_ node: YAMLNode, _ field: String) throws -> Policy.Ownership {
        var hosts: [PolicyGlob]?
        var namespaces: [PolicyGlob] = []
        var selector: NamespaceSelector?
        for pair in try mapping(node, field, known: ["hosts", "namespaces", "namespaceSelector"]) {
            switch pair.key.text ?? "" {
            case "hosts": hosts = try globs(pair.value, "\(field).hosts", ignoringCase: true)
            case "namespaces": namespaces = try globs(pair.value, "\(field).namespaces")
            case "namespaceSelector": selector = try namespaceSelector(pair.value, "\(field).namespaceSelector")
            default: break
            }
        }
        guard let hosts, !hosts.isEmpty else { throw fail(node, "`\(field)` needs `hosts`: the host patterns it reserves") }
        guard !namespaces.isEmpty || selector != nil else {
            throw fail(node, "`\(field)` needs `namespaces` (names or globs) or a `namespaceSelector`: who may use its hosts")
        }
        return Policy.Ownership(hosts: hosts, namespaces: namespaces, namespaceSelector: selector, field: field, location: location(node))
    }

    func namespaceSelector(_ node: YAMLNode, _ field: String) throws -> NamespaceSelector {
        var selector = NamespaceSelector()
        for pair in try mapping(node, field, known: ["matchLabels", "matchExpressions"]) {
            switch pair.key.text ?? "" {
            case "matchLabels":
                guard let labels = pair.value.pairs else { throw fail(pair.value, "`\(field).matchLabels` must map label keys to values") }
                for label in labels {
                    guard let key = label.key.text, let value = label.value.text, label.value.pairs == nil else {
                        throw fail(label.value, "`\(field).matchLabels` must map label keys to values")
                    }
                    selector.matchLabels[key] = value
                }
            case "matchExpressions":
                guard let items = pair.value.items else { throw fail(pair.value, "`\(field).matchExpressions` must be a list of {key, operator, values}") }
                for item in items {
                    for pair in item.pairs ?? [] where !["key", "operator", "values"].contains(pair.key.text ?? "") {
                        throw fail(pair.key, "unknown setting \"\(pair.key.text ?? "")\" in `\(field).matchExpressions` (known: key, operator, values)")
                    }
                    guard let key = item["key"]?.stringValue, !key.isEmpty else { throw fail(item, "each of `\(field).matchExpressions` needs a `key`") }
                    guard let text = item["operator"]?.text, let op = NamespaceSelector.Operator(rawValue: text) else {
                        throw fail(item["operator"] ?? item, "`operator` must be one of \(NamespaceSelector.Operator.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    let values = try item["values"].map { try strings($0, "\(field).matchExpressions.values").map(\.0) } ?? []
                    switch op {
                    case .in, .notIn:
                        guard !values.isEmpty else { throw fail(item, "`\(op.rawValue)` needs `values`") }
                    case .exists, .doesNotExist:
                        guard values.isEmpty else { throw fail(item, "`\(op.rawValue)` takes no `values`") }
                    }
                    selector.matchExpressions.append(NamespaceSelector.Requirement(key: key, operator: op, values: values))
                }
            default:
                break
            }
        }
        return selector
    }

    func readAnnotations(_ node: YAMLNode, into policy: inout Policy) throws {
        for pair in try mapping(node, "policy.annotations", known: ["deny", "allow", "denyValueWords", "maxRiskLevel"]) {
            let key = pair.key.text ?? ""
            let value = pair.value
            let field = "policy.annotations.\(key)"
            switch key {
            case "deny":
                let patterns = try globs(value, field)
                for (glob, item) in zip(patterns, value.items ?? []) {
                    policy.deniedAnnotations.append(Policy.Setting(value: glob, field: field, location: location(item)))
                }
            case "allow":
                policy.allowedAnnotations = Policy.Setting(value: try globs(value, field), field: field, location: location(value))
            case "denyValueWords":
                let words = try strings(value, field)
                if let empty = words.first(where: { $0.0.isEmpty }) { throw fail(empty.1, "`\(field)`: an empty word is in every value") }
                policy.deniedValueWords = Policy.Setting(value: words.map(\.0), field: field, location: location(value))
            case "maxRiskLevel":
                let levels: [IngressNginxAnnotation.Risk] = [.low, .medium, .high, .critical]
                guard let text = value.stringValue, let level = levels.first(where: { $0.description.lowercased() == text.lowercased() }) else {
                    throw fail(value, "`\(field)` must be Low, Medium, High or Critical (ingress-nginx's annotation risk levels)")
                }
                policy.maxRiskLevel = Policy.Setting(value: level, field: field, location: location(value))
            default:
                break
            }
        }
    }
}
