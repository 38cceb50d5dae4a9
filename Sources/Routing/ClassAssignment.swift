import IngressModel
import Inventory

/// Which IngressClass an Ingress belongs to, and why.
public struct AssignedClass: Hashable, Sendable, CustomStringConvertible {
    public enum Source: String, Sendable {
        /// `spec.ingressClassName`
        case field
        /// the deprecated `kubernetes.io/ingress.class` annotation
        case annotation
        /// neither is set; the default IngressClass of the inputs adopts it
        case defaultClass = "default class"
    }

    /// Nil when no class applies (no field, no annotation, no default class).
    public var name: String?
    public var source: Source?

    public static let unassigned = AssignedClass(name: nil, source: nil)

    public var description: String {
        guard let name, let source else { return "(no class)" }
        return "\(name) (\(source.rawValue))"
    }

    /// Routes of different classes never interact: this is the key they are grouped by.
    public var key: String { name ?? "" }
}

/// Class selection as controllers and the DefaultIngressClass admission plugin do it:
/// `ingressClassName`, else the annotation, else the default IngressClass.
public struct ClassAssignment: Sendable {
    /// The default class when the inputs mark one or more (the newest wins, then the smallest name,
    /// as current API servers choose).
    public let defaultClass: String?

    public init(inventory: Inventory) {
        self.init(ingressClasses: inventory.ingressClasses)
    }

    public init(ingressClasses: [IngressClass]) {
        let defaults = ingressClasses.filter(\.isDefault)
        let chosen = defaults.sorted { lhs, rhs in
            let left = lhs.metadata.creationTimestamp ?? ""
            let right = rhs.metadata.creationTimestamp ?? ""
            if left != right { return left > right }
            return lhs.ref.name < rhs.ref.name
        }.first
        defaultClass = chosen?.ref.name
    }

    public func assign(_ ingress: Ingress) -> AssignedClass {
        if let name = ingress.ingressClassName?.value { return AssignedClass(name: name, source: .field) }
        if let annotation = ingress.classAnnotation?.value { return AssignedClass(name: annotation, source: .annotation) }
        if let defaultClass { return AssignedClass(name: defaultClass, source: .defaultClass) }
        return .unassigned
    }
}
