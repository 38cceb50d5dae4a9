import IngressModel
import Inventory

/// The one class that a proxy or `verify` serves, chosen as DESIGN.md §6 says: the requested class,
/// else the default class, else every Ingress when the inputs know no IngressClass.
public struct ServedClass: Sendable {
    /// Materialized: a request never waits for a lazy build.
    public var table: ClassRouteTable
    /// e.g. `nginx (--ingress-class)`, `nginx (default class)`, `all Ingresses (no IngressClass in the inputs)`
    public var description: String

    public struct AmbiguityError: Error, CustomStringConvertible {
        public var description: String
    }

    public static func select(
        inventory: Inventory, requested: String?, mapping: ControllerMapping = ControllerMapping(), semantics: RouteTable.ForcedSemantics? = nil
    ) throws -> ServedClass {
        let base = ProfileAssignment(inventory: inventory, mapping: mapping)
        let profiles = semantics.map { base.forcing($0.profile, reason: $0.reason) } ?? base
        if let requested {
            let routes = RouteTable(ingresses: inventory.ingresses, profiles: profiles, services: inventory, onlyClass: requested, semantics: semantics)
            return ServedClass(table: (routes.table(forClass: requested) ?? ClassRouteTable(assignedClass: requested).sealed).materialized(), description: "\(requested) (--ingress-class)")
        }
        if let defaultClass = profiles.classes.defaultClass {
            let routes = RouteTable(ingresses: inventory.ingresses, profiles: profiles, services: inventory, onlyClass: defaultClass, semantics: semantics)
            return ServedClass(table: (routes.table(forClass: defaultClass) ?? ClassRouteTable(assignedClass: defaultClass).sealed).materialized(), description: "\(defaultClass) (default class)")
        }
        let routes = RouteTable(ingresses: inventory.ingresses, profiles: profiles, services: inventory, semantics: semantics)
        if inventory.ingressClasses.isEmpty && routes.classes.count > 1 {
            var merged = ClassRouteTable(assignedClass: nil)
            let alternatives = Set(routes.alternatives.map(\.ref))
            var members: [(Ingress, RouteOrigin, Bool)] = []
            for ingress in inventory.ingresses {
                let origin = RouteOrigin(
                    ingress: ingress.ref, source: ingress.source,
                    creationTimestamp: ingress.metadata.creationTimestamp, assignedClass: profiles.classes.assign(ingress))
                let canary = alternatives.contains(ingress.ref)
                members.append((ingress, origin, canary))
                if !canary { merged.add(ingress, origin: origin, services: inventory, profile: routes.judgement(of: ingress.ref).profile) }
            }
            merged.route(by: RouteTable.semantics(of: members.map { routes.judgement(of: $0.0.ref) }, forced: semantics), members: members, services: inventory)
            merged.seal()
            return ServedClass(table: merged.materialized(), description: "all Ingresses (no IngressClass in the inputs)")
        }
        if routes.classes.count <= 1 {
            let key = routes.classKeys.first ?? ""
            let table = routes.classes[key] ?? ClassRouteTable(assignedClass: nil)
            return ServedClass(table: table.materialized(), description: key.isEmpty ? "Ingresses without a class" : "\(key) (the only class)")
        }
        let names = routes.classKeys.map { $0.isEmpty ? "(no class)" : $0 }.joined(separator: ", ")
        throw AmbiguityError(description: "the inputs have several IngressClasses and no default (\(names)): choose one with --ingress-class")
    }
}
