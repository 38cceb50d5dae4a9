import IngressModel
import Inventory

/// THE route table: every Ingress compiled into per-class tables. Conflict analysis, `explain`,
/// `verify`, the proxy and the webhook all resolve through it.
public struct RouteTable: Sendable {
    public private(set) var classes: [String: ClassRouteTable] = [:]
    public let assignment: ClassAssignment
    public private(set) var assignments: [ObjectRef: AssignedClass] = [:]

    /// `onlyClass` limits the table to one class (`--ingress-class`).
    public init(inventory: Inventory, onlyClass: String? = nil) {
        self.init(ingresses: inventory.ingresses, assignment: ClassAssignment(inventory: inventory), services: inventory, onlyClass: onlyClass)
    }

    /// `services` resolves the backends' Service ports (see `Route.backendKey`).
    public init(ingresses: [Ingress], assignment: ClassAssignment, services: Inventory? = nil, onlyClass: String? = nil) {
        self.assignment = assignment
        for ingress in ingresses {
            let assigned = assignment.assign(ingress)
            if let onlyClass, assigned.name != onlyClass { continue }
            assignments[ingress.ref] = assigned
            let origin = RouteOrigin(
                ingress: ingress.ref, source: ingress.source,
                creationTimestamp: ingress.metadata.creationTimestamp, assignedClass: assigned)
            classes[assigned.key, default: ClassRouteTable(assignedClass: assigned.name)].add(ingress, origin: origin, services: services)
        }
        for key in classes.keys { classes[key]?.seal() }
    }

    /// Class keys in a stable order: named classes alphabetically, then the Ingresses with no class.
    public var classKeys: [String] {
        classes.keys.sorted { lhs, rhs in
            if lhs.isEmpty != rhs.isEmpty { return !lhs.isEmpty }
            return lhs < rhs
        }
    }

    public func table(forClass name: String?) -> ClassRouteTable? { classes[name ?? ""] }
}
