import IngressModel
import Routing

public enum Severity: String, Sendable, Comparable, CaseIterable, Codable {
    case info, warning, error

    var rank: Int {
        switch self {
        case .info: return 0
        case .warning: return 1
        case .error: return 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A second place that explains a finding, e.g. the other Ingress of a conflict.
public struct RelatedLocation: Sendable {
    public var message: String
    public var location: SourceLocation
    public var object: ObjectRef?

    public init(message: String, location: SourceLocation, object: ObjectRef? = nil) {
        self.message = message
        self.location = location
        self.object = object
    }
}

/// One diagnostic: a value, never a bare string, so every format can render all of it.
public struct Finding: Sendable {
    public var ruleID: String
    public var severity: Severity
    public var message: String
    public var location: SourceLocation
    public var object: ObjectRef?
    public var field: String?
    public var related: [RelatedLocation]
    public var hint: String?
    /// The controller profile that judged the finding's Ingress (set by the engine).
    public var judgedBy: JudgingProfile?

    public init(
        ruleID: String, severity: Severity, message: String, location: SourceLocation,
        object: ObjectRef? = nil, field: String? = nil, related: [RelatedLocation] = [], hint: String? = nil
    ) {
        self.ruleID = ruleID
        self.severity = severity
        self.message = message
        self.location = location
        self.object = object
        self.field = field
        self.related = related
        self.hint = hint
    }

    /// About the object: located on it, or naming it as related (a conflict found on another
    /// Ingress concerns the one it conflicts with too).
    public func concerns(_ ref: ObjectRef) -> Bool {
        object?.isSameObject(as: ref) == true || related.contains { $0.object?.isSameObject(as: ref) == true }
    }

    /// The report order: file, line, column, rule.
    public static func reportOrder(_ lhs: Finding, _ rhs: Finding) -> Bool {
        (lhs.location.file, lhs.location.line, lhs.location.column, lhs.ruleID, lhs.message)
            < (rhs.location.file, rhs.location.line, rhs.location.column, rhs.ruleID, rhs.message)
    }
}
