/// A Kubernetes label selector (`matchLabels` and `matchExpressions`) over a namespace's labels,
/// as the API server evaluates one: every term must hold.
public struct NamespaceSelector: Sendable, Hashable, CustomStringConvertible {
    public enum Operator: String, Sendable, Hashable, CaseIterable {
        case `in` = "In", notIn = "NotIn", exists = "Exists", doesNotExist = "DoesNotExist"
    }

    public struct Requirement: Sendable, Hashable {
        public var key: String
        public var `operator`: Operator
        public var values: [String]
    }

    public var matchLabels: [String: String] = [:]
    public var matchExpressions: [Requirement] = []

    public init(matchLabels: [String: String] = [:], matchExpressions: [Requirement] = []) {
        self.matchLabels = matchLabels
        self.matchExpressions = matchExpressions
    }

    public func matches(_ labels: [String: String]) -> Bool {
        for (key, value) in matchLabels where labels[key] != value { return false }
        for requirement in matchExpressions {
            let present = labels[requirement.key]
            switch requirement.operator {
            case .in: guard let present, requirement.values.contains(present) else { return false }
            case .notIn: if let present, requirement.values.contains(present) { return false }
            case .exists: if present == nil { return false }
            case .doesNotExist: if present != nil { return false }
            }
        }
        return true
    }

    /// `team=shop, tier in (a, b)`, as kubectl prints selectors.
    public var description: String {
        var terms = matchLabels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        for requirement in matchExpressions {
            switch requirement.operator {
            case .in: terms.append("\(requirement.key) in (\(requirement.values.joined(separator: ", ")))")
            case .notIn: terms.append("\(requirement.key) notin (\(requirement.values.joined(separator: ", ")))")
            case .exists: terms.append(requirement.key)
            case .doesNotExist: terms.append("!\(requirement.key)")
            }
        }
        return terms.isEmpty ? "every namespace" : terms.joined(separator: ", ")
    }
}
