import IngressModel
import Inventory

/// THE route table: every Ingress compiled into per-class tables. Conflict analysis, `explain`,
/// `verify`, the proxy and the webhook all resolve through it.
public struct RouteTable: Sendable {
    public private(set) var classes: [String: ClassRouteTable] = [:]
    public let profiles: ProfileAssignment
    public var assignment: ClassAssignment { profiles.classes }
    public private(set) var assignments: [ObjectRef: AssignedClass] = [:]
    /// The profile that judges each Ingress, and why.
    public private(set) var judgements: [ObjectRef: JudgingProfile] = [:]
    /// Ingresses that only take part of another route's traffic (ingress-nginx canaries): they
    /// are alternatives of the main routes, kept out of the class tables.
    public private(set) var alternatives: [Ingress] = []
    private var shareKeys: [ObjectRef: String] = [:]

    /// `onlyClass` limits the table to one class (`--ingress-class`).
    public init(inventory: Inventory, mapping: ControllerMapping = ControllerMapping(), onlyClass: String? = nil, semantics: ForcedSemantics? = nil) {
        self.init(
            ingresses: inventory.ingresses, profiles: ProfileAssignment(inventory: inventory, mapping: mapping), services: inventory, onlyClass: onlyClass,
            semantics: semantics)
    }

    /// `services` resolves the backends' Service ports (see `Route.backendKey`). `semantics`
    /// routes every class by one profile, whatever serves it (`diff --from/--to`).
    public init(ingresses: [Ingress], profiles: ProfileAssignment, services: Inventory? = nil, onlyClass: String? = nil, semantics: ForcedSemantics? = nil) {
        let profiles = semantics.map { profiles.forcing($0.profile, reason: $0.reason) } ?? profiles
        self.profiles = profiles
        var members: [String: [(Ingress, RouteOrigin, Bool)]] = [:]
        // Sized once: grown by doubling, each table was rehashed a dozen times at 10,000 Ingresses.
        assignments.reserveCapacity(ingresses.count)
        judgements.reserveCapacity(ingresses.count)
        shareKeys.reserveCapacity(ingresses.count)
        for ingress in ingresses {
            let assigned = profiles.classes.assign(ingress)
            if let onlyClass, assigned.name != onlyClass { continue }
            assignments[ingress.ref] = assigned
            let judged = profiles.judge(ingress, assigned: assigned)
            judgements[ingress.ref] = judged
            shareKeys[ingress.ref] = judged.profile.routeSharing.key(of: ingress)
            let origin = RouteOrigin(
                ingress: ingress.ref, source: ingress.source,
                creationTimestamp: ingress.metadata.creationTimestamp, assignedClass: assigned)
            let canary = TrafficSplitting.isCanary(ingress, under: judged.profile)
            members[assigned.key, default: []].append((ingress, origin, canary))
            if canary {
                alternatives.append(ingress)
                continue
            }
            classes[assigned.key, default: ClassRouteTable(assignedClass: assigned.name)].add(ingress, origin: origin, services: services, profile: judged.profile)
        }
        for (key, list) in members {
            if classes[key] == nil { classes[key] = ClassRouteTable(assignedClass: list.first.flatMap { assignments[$0.0.ref]?.name }) }
            classes[key]?.route(by: Self.semantics(of: list.map { judgements[$0.0.ref] }, forced: semantics), members: list, services: services)
        }
        for key in classes.keys { classes[key]?.seal() }
    }

    /// A profile whose routing applies to every class, and why.
    public struct ForcedSemantics: Sendable {
        public var profile: ControllerProfile
        public var reason: String

        public init(profile: ControllerProfile, reason: String) {
            self.profile = profile
            self.reason = reason
        }
    }

    /// The profile that routes a class: the forced one, else the one judging most of its Ingresses.
    static func semantics(of judgements: [JudgingProfile?], forced: ForcedSemantics?) -> (ControllerProfile, String) {
        if let forced { return (forced.profile, forced.reason) }
        var counts: [String: Int] = [:]
        for judgement in judgements { counts[judgement?.profile.id ?? ControllerProfile.specification.id, default: 0] += 1 }
        let best = ControllerProfile.all.max { (counts[$0.id] ?? 0) < (counts[$1.id] ?? 0) } ?? .specification
        let total = judgements.count
        let share = counts[best.id] ?? 0
        return (best, share == total ? "its Ingresses are judged by \(best.id)" : "\(share) of its \(total) Ingresses are judged by \(best.id)")
    }

    /// Class keys in a stable order: named classes alphabetically, then the Ingresses with no class.
    public var classKeys: [String] {
        classes.keys.sorted { lhs, rhs in
            if lhs.isEmpty != rhs.isEmpty { return !lhs.isEmpty }
            return lhs < rhs
        }
    }

    public func table(forClass name: String?) -> ClassRouteTable? { classes[name ?? ""] }

    /// The profile judging an Ingress of the table; the specification for one it does not hold.
    public func judgement(of ref: ObjectRef) -> JudgingProfile {
        judgements[ref] ?? JudgingProfile(profile: .specification, reason: "not in the route table", basis: .none)
    }

    /// True when the two Ingresses' routes meet in one route table of their controller (the same
    /// class, and for ALB the same IngressGroup, for GKE the same Ingress).
    public func shareRoutes(_ lhs: ObjectRef, _ rhs: ObjectRef) -> Bool {
        lhs == rhs || (shareKeys[lhs] != nil && shareKeys[lhs] == shareKeys[rhs])
    }

    /// The route-table key of an Ingress within its class, for grouping.
    public func shareKey(of ref: ObjectRef) -> String { shareKeys[ref] ?? "" }
}
