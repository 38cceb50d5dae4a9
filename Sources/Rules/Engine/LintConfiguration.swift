import StructuredText
import IngressModel
import ManifestLoader
import Routing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Settings from `.ingress-guard.yaml` and the command line, applied over the catalog's defaults.
public struct LintConfiguration: Sendable {
    public enum RuleSetting: Sendable, Equatable {
        case off
        case on(severity: Severity?)
    }

    public static let fileName = ".ingress-guard.yaml"

    public var rules: [String: RuleSetting] = [:]
    public var ingressClass: String?
    public var kubeVersion: KubeVersion?
    public var expiryDays: Int?
    /// `controllers: {CLASS: PROFILE}`: which controller serves each class.
    public var controllers = ControllerMapping()
    /// `policy:`: the platform team's own rules, checked by the `policy-*` rules.
    public var policy: Policy?

    public init() {}

    public struct ConfigurationError: Error, CustomStringConvertible {
        public var description: String
    }

    /// The nearest `.ingress-guard.yaml` in `directory` or above it.
    public static func find(from directory: String) -> String? {
        var current = directory
        while true {
            let candidate = current.hasSuffix("/") ? current + fileName : current + "/" + fileName
            if access(candidate, R_OK) == 0 { return candidate }
            guard let slash = current.lastIndex(of: "/"), current != "/" else { return nil }
            current = slash == current.startIndex ? "/" : String(current[..<slash])
        }
    }

    /// Reads the file as every input is read (size cap, encoding) and parses it once: it is a
    /// configuration, not manifests.
    public static func load(path: String, knownRules: Set<String>) throws -> LintConfiguration {
        let source = InputSource(origin: .file(path: path), displayName: path, fromDirectoryWalk: false)
        switch InputReader(limits: InputLimits()).read(source) {
        case .text(let text):
            return try parse(text, file: path, knownRules: knownRules)
        case .refused(let message, let line, let column):
            throw DocumentError(message, file: path, line: line, column: column)
        case .skipped(let reason), .unreadable(let reason):
            throw ConfigurationError(description: "\(path): \(reason)")
        }
    }

    public static func parse(_ text: String, file: String, knownRules: Set<String>) throws -> LintConfiguration {
        func fail(_ node: YAMLNode, _ message: String) -> DocumentError {
            DocumentError(message, at: node, file: file)
        }
        let composed = YAMLComposer().compose(text)
        if let error = composed.error {
            throw DocumentError(error, file: file)
        }
        var configuration = LintConfiguration()
        guard let root = composed.documents.first?.root, !root.isNull else { return configuration }
        guard let pairs = root.pairs else { throw fail(root, "the configuration must be a mapping") }
        for pair in pairs {
            let key = pair.key.text ?? ""
            let value = pair.value
            switch key {
            case "rules":
                for rule in value.pairs ?? [] {
                    let id = rule.key.text ?? ""
                    guard knownRules.contains(id) else { throw fail(rule.key, "unknown rule \"\(id)\" (see `ingress-guard rules list`)") }
                    configuration.rules[id] = try setting(rule.value, fail: fail)
                }
                if value.pairs == nil && !value.isNull { throw fail(value, "`rules` must map rule ids to settings") }
            case "ingressClass":
                guard let name = value.stringValue else { throw fail(value, "`ingressClass` must be a string") }
                configuration.ingressClass = name
            case "kubeVersion":
                guard let text = value.text, let version = KubeVersion(parsing: text) else {
                    throw fail(value, "`kubeVersion` must look like \"1.31\" (quote it: YAML reads 1.30 as the number 1.3)")
                }
                configuration.kubeVersion = version
            case "expiryDays":
                guard let days = value.intValue, days >= 0 else { throw fail(value, "`expiryDays` must be a whole number of days") }
                configuration.expiryDays = days
            case "controllers":
                guard let entries = value.pairs else { throw fail(value, "`controllers` must map class names to profiles, e.g. {nginx: ingress-nginx}") }
                for entry in entries {
                    guard let className = entry.key.text, let profile = entry.value.stringValue else {
                        throw fail(entry.value, "`controllers` must map class names to profile names")
                    }
                    do {
                        try configuration.controllers.add(className: className, profileID: profile, origin: "\(file) (controllers)")
                    } catch let error as ControllerMapping.MappingError {
                        throw fail(entry.value, error.description)
                    }
                }
            case "policy":
                configuration.policy = try Policy.parse(value, file: file)
            default:
                throw fail(pair.key, "unknown setting \"\(key)\" (known: rules, ingressClass, kubeVersion, expiryDays, controllers, policy)")
            }
        }
        return configuration
    }

    private static func setting(_ node: YAMLNode, fail: (YAMLNode, String) -> DocumentError) throws -> RuleSetting {
        if let scalar = node.scalar {
            switch scalar.text {
            case "off", "false", "disabled": return .off
            case "on", "true", "enabled": return .on(severity: nil)
            default:
                if let severity = Severity(rawValue: scalar.text) { return .on(severity: severity) }
                throw fail(node, "a rule setting is off, on, a severity, or {severity: error|warning|info}")
            }
        }
        guard node.pairs != nil else { throw fail(node, "a rule setting is off, on, a severity, or {severity: ...}") }
        if let enabled = node["enabled"], enabled.text == "false" { return .off }
        if let severityNode = node["severity"] {
            guard let text = severityNode.text, let severity = Severity(rawValue: text) else {
                throw fail(severityNode, "severity must be error, warning or info")
            }
            return .on(severity: severity)
        }
        return .on(severity: nil)
    }
}
