import IngressModel
import Inventory

/// The profile that judges an Ingress, and why it was chosen (shown by `explain` and the reports).
public struct JudgingProfile: Sendable, Hashable, CustomStringConvertible {
    /// What the choice rests on, from the surest to a fallback.
    public enum Basis: String, Sendable, Hashable {
        /// The IngressClass object names the controller.
        case ingressClass = "IngressClass"
        /// The user mapped the class (`--controller`, `controllers:`).
        case mapping
        /// The class name is one controller's default.
        case className = "class name"
        /// Only one controller's annotations are in use.
        case annotations
        /// Several controllers claim the class name; the first was taken.
        case guess
        /// Nothing tells: the specification judges.
        case none
    }

    public var profile: ControllerProfile
    public var reason: String
    public var basis: Basis
    /// Every controller that may serve the Ingress: the profile alone, or for a guess all the
    /// controllers claiming the class name (an annotation none of them reads is inert for sure).
    public var candidates: [ControllerProfile]

    public init(profile: ControllerProfile, reason: String, basis: Basis, candidates: [ControllerProfile]? = nil) {
        self.profile = profile
        self.reason = reason
        self.basis = basis
        self.candidates = candidates ?? [profile]
    }

    /// True when the controller is known rather than guessed: rules that report another
    /// controller's settings as inert (foreign-annotation) need it.
    public var isCertain: Bool { basis == .ingressClass || basis == .mapping || basis == .className }

    public var description: String { "\(profile.id) (\(reason))" }
}

/// Which controller serves each class, as the user says (`controllers:` in `.ingress-guard.yaml`,
/// `--controller CLASS=PROFILE`).
public struct ControllerMapping: Sendable, Hashable {
    public private(set) var profiles: [String: ControllerProfile] = [:]
    /// Where each entry was given, for reasons: "--controller", ".ingress-guard.yaml".
    public private(set) var origins: [String: String] = [:]

    public init() {}

    public struct MappingError: Error, CustomStringConvertible {
        public var description: String
    }

    public var isEmpty: Bool { profiles.isEmpty }

    /// Adds `CLASS=PROFILE`; later entries win, so the command line goes after the file.
    public mutating func add(className: String, profileID: String, origin: String) throws {
        guard !className.isEmpty else { throw MappingError(description: "\(origin): the class name is empty") }
        guard let profile = ControllerProfile.named(profileID) else {
            let known = ControllerProfile.all.map(\.id).joined(separator: ", ")
            throw MappingError(description: "\(origin): unknown profile \"\(profileID)\" for class \(className) (known: \(known))")
        }
        profiles[className] = profile
        origins[className] = origin
    }

    /// Parses `CLASS=PROFILE` as the command line writes it.
    public mutating func add(argument: String, origin: String = "--controller") throws {
        guard let equals = argument.firstIndex(of: "=") else {
            throw MappingError(description: "\(origin) takes CLASS=PROFILE, e.g. nginx=ingress-nginx (got \"\(argument)\")")
        }
        try add(className: String(argument[..<equals]), profileID: String(argument[argument.index(after: equals)...]), origin: origin)
    }

    /// This mapping with `other`'s entries laid over it.
    public func overlaid(with other: ControllerMapping) -> ControllerMapping {
        var merged = self
        for (name, profile) in other.profiles {
            merged.profiles[name] = profile
            merged.origins[name] = other.origins[name]
        }
        return merged
    }
}

/// Chooses the profile of each Ingress: the IngressClass's `spec.controller` when the class is in
/// the inputs, else the user's mapping for the class, else the class name and the annotations in
/// use, else the specification.
public struct ProfileAssignment: Sendable {
    public let classes: ClassAssignment
    public let mapping: ControllerMapping
    private let controllerOfClass: [String: String]
    /// Per class name, the controllers whose annotations its Ingresses carry: one controller
    /// serves a class, so the evidence of all its Ingresses counts for each.
    private var annotationEvidence: [String: [ControllerProfile]] = [:]
    /// Every Ingress judged by one profile (`diff --from/--to`).
    private var forced: JudgingProfile?

    /// The same assignment, with every Ingress judged by `profile`.
    public func forcing(_ profile: ControllerProfile, reason: String) -> ProfileAssignment {
        var copy = self
        copy.forced = JudgingProfile(profile: profile, reason: reason, basis: .mapping)
        return copy
    }

    public init(inventory: Inventory, mapping: ControllerMapping = ControllerMapping()) {
        self.init(ingressClasses: inventory.ingressClasses, ingresses: inventory.ingresses, mapping: mapping)
    }

    public init(ingressClasses: [IngressClass], ingresses: [Ingress] = [], mapping: ControllerMapping = ControllerMapping()) {
        classes = ClassAssignment(ingressClasses: ingressClasses)
        self.mapping = mapping
        var controllers: [String: String] = [:]
        for ingressClass in ingressClasses {
            if let controller = ingressClass.controller?.value, !controller.isEmpty { controllers[ingressClass.ref.name] = controller }
        }
        controllerOfClass = controllers
        var evidence: [String: Set<String>] = [:]
        for ingress in ingresses {
            guard let name = classes.assign(ingress).name else { continue }
            for profile in Self.profilesByAnnotation(ingress, prefixesOnly: true) { evidence[name, default: []].insert(profile.id) }
        }
        annotationEvidence = evidence.mapValues { ids in ControllerProfile.all.filter { ids.contains($0.id) } }
    }

    public func judge(_ ingress: Ingress) -> JudgingProfile {
        judge(ingress, assigned: classes.assign(ingress))
    }

    public func judge(_ ingress: Ingress, assigned: AssignedClass) -> JudgingProfile {
        if let forced { return forced }
        let className = assigned.name
        if let className, let controller = controllerOfClass[className] {
            if let profile = ControllerProfile.identified(byController: controller) {
                return JudgingProfile(profile: profile, reason: "IngressClass \(className) names controller \(controller)", basis: .ingressClass)
            }
            if let profile = mapping.profiles[className] {
                return JudgingProfile(profile: profile, reason: "class \(className) mapped by \(mapping.origins[className] ?? "the configuration")", basis: .mapping)
            }
            return JudgingProfile(
                profile: .specification,
                reason: "IngressClass \(className) names controller \(controller), which no profile describes (map it with --controller \(className)=PROFILE)",
                basis: .none)
        }
        if let className, let profile = mapping.profiles[className] {
            return JudgingProfile(profile: profile, reason: "class \(className) mapped by \(mapping.origins[className] ?? "the configuration")", basis: .mapping)
        }
        // GKE ignores ingressClassName: its annotations say nothing about a class named there.
        let own = Self.profilesByAnnotation(ingress, prefixesOnly: className != nil).filter { assigned.source != .field || $0.readsIngressClassName }
        let inUse = className.flatMap { annotationEvidence[$0] }.map { Self.union($0, own) } ?? own
        if let className {
            let claimants = ControllerProfile.all.filter { $0.claims(className: className) }
            if claimants.count == 1, let only = claimants.first {
                return JudgingProfile(profile: only, reason: "class name \(className) is \(only.id)'s default", basis: .className)
            }
            if claimants.count > 1 {
                // `nginx` is both ingress-nginx's and NGINX Inc's default: the annotations tell.
                let annotated = claimants.filter { inUse.contains($0) }
                if annotated.count == 1, let only = annotated.first {
                    return JudgingProfile(profile: only, reason: "class name \(className), whose Ingresses carry \(only.annotationPrefixes.first ?? "its") annotations", basis: .annotations)
                }
                let guess = claimants[0]
                let others = claimants.dropFirst().map(\.id).joined(separator: ", ")
                return JudgingProfile(
                    profile: guess,
                    reason: "class name \(className) is \(guess.id)'s default and also \(others)'s: say which with --controller \(className)=PROFILE",
                    basis: .guess, candidates: claimants)
            }
        }
        if inUse.count == 1, let only = inUse.first {
            let subject = className.map { "class \($0) is unknown; " } ?? ""
            return JudgingProfile(profile: only, reason: "\(subject)only \(only.id)'s annotations are in use", basis: .annotations)
        }
        if className == nil && inUse.isEmpty {
            return JudgingProfile(profile: .specification, reason: "no class and no controller annotation", basis: .none)
        }
        if inUse.count > 1 {
            let names = inUse.map(\.id).joined(separator: ", ")
            return JudgingProfile(
                profile: .specification, reason: "annotations of several controllers (\(names)): map the class with --controller CLASS=PROFILE", basis: .none)
        }
        return JudgingProfile(
            profile: .specification,
            reason: "class \(className ?? "") has no IngressClass in the inputs and no profile claims its name (map it with --controller \(className ?? "")=PROFILE)",
            basis: .none)
    }

    private static func union(_ lhs: [ControllerProfile], _ rhs: [ControllerProfile]) -> [ControllerProfile] {
        ControllerProfile.all.filter { lhs.contains($0) || rhs.contains($0) }
    }

    /// Profiles whose annotations the Ingress carries, in catalog order.
    /// `prefixesOnly`: count only keys under a controller's own prefix, not single legacy keys
    /// such as `kubernetes.io/ingress.allow-http` that manifests copy from GKE examples.
    static func profilesByAnnotation(_ ingress: Ingress, prefixesOnly: Bool = false) -> [ControllerProfile] {
        var found: [ControllerProfile] = []
        for key in ingress.metadata.annotations.keys {
            guard let owner = ControllerProfile.owning(annotation: key), !found.contains(owner) else { continue }
            if prefixesOnly && !owner.annotationPrefixes.contains(where: { key.hasPrefix($0) }) { continue }
            found.append(owner)
        }
        return ControllerProfile.all.filter { found.contains($0) }
    }
}
