import IngressModel
import Inventory

/// Where two routings of the same requests differ: two trees, a tree and a git revision, or the
/// same Ingresses under two controllers' semantics (`ingress-guard diff`).
public struct RoutingDiff: Sendable {
    public struct Side: Sendable {
        /// `ingress-nginx`, `spec`, `base (origin/main)`, `head (working tree)`.
        public var label: String
        public var table: RouteTable
        public var inventory: Inventory

        public init(label: String, table: RouteTable, inventory: Inventory) {
            self.label = label
            self.table = table
            self.inventory = inventory
        }
    }

    public struct Difference: Sendable {
        public var className: String?
        public var request: ProbeRequest
        public var before: RoutingDecision
        public var after: RoutingDecision
        /// The Ingress the difference is about: the one that decides on either side.
        public var ingress: ObjectRef?
    }

    /// An annotation that means something on the `before` side's controller and nothing on the
    /// `after` side's.
    public struct InertAnnotation: Sendable {
        public var ingress: ObjectRef
        public var key: String
        public var location: SourceLocation
    }

    public var before: String
    public var after: String
    public var requestsTried: Int
    /// Requests whose outcome differs (an http and an https one that differ alike are one difference).
    public var differingRequests: Int
    public var differences: [Difference]
    public var inertAnnotations: [InertAnnotation]

    public init(before: Side, after: Side) {
        self.before = before.label
        self.after = after.label
        var tried = 0
        var found: [Difference] = []
        let keys = Set(before.table.classes.keys).union(after.table.classes.keys).sorted()
        for key in keys {
            let left = before.table.classes[key] ?? ClassRouteTable(assignedClass: key.isEmpty ? nil : key).sealed
            let right = after.table.classes[key] ?? ClassRouteTable(assignedClass: key.isEmpty ? nil : key).sealed
            for request in DistinguishingRequests.generate([left, right]) {
                tried += 1
                let decided = (Self.decide(request, left, before.inventory), Self.decide(request, right, after.inventory))
                guard Outcome(decided.0) != Outcome(decided.1) else { continue }
                found.append(Difference(
                    className: left.assignedClass ?? right.assignedClass, request: request, before: decided.0, after: decided.1,
                    ingress: decided.0.ingress ?? decided.1.ingress))
            }
        }
        requestsTried = tried
        differingRequests = found.count
        differences = Self.mergingSchemes(found)
        var inert: [InertAnnotation] = []
        for ingress in after.inventory.ingresses {
            let was = before.table.judgement(of: ingress.ref).profile
            let now = after.table.judgement(of: ingress.ref).profile
            guard was != now else { continue }
            for (key, value) in ingress.metadata.annotations.sorted(by: { $0.key < $1.key }) where was.owns(annotation: key) && !now.owns(annotation: key) {
                inert.append(InertAnnotation(ingress: ingress.ref, key: key, location: value.location))
            }
        }
        inertAnnotations = inert
    }

    /// One line for a request whose http and https forms differ in the same way.
    static func mergingSchemes(_ differences: [Difference]) -> [Difference] {
        var merged: [Difference] = []
        var positions: [String: Int] = [:]
        for difference in differences {
            var key = difference.request
            key.scheme = ""
            let identity = "\(difference.className ?? "")|\(key.host)|\(key.target)|\(key.headers.sorted { $0.key < $1.key })"
            if let position = positions[identity], Outcome(merged[position].before) == Outcome(difference.before),
                Outcome(merged[position].after) == Outcome(difference.after)
            {
                merged[position].request.scheme = "http(s)"
                continue
            }
            positions[identity] = merged.count
            merged.append(difference)
        }
        return merged
    }

    static func decide(_ request: ProbeRequest, _ table: ClassRouteTable, _ inventory: Inventory) -> RoutingDecision {
        table.decide(RoutingRequest(scheme: request.scheme, host: request.host, target: request.target, headers: HeaderList(request.headers.map { ($0.key, $0.value) }))) { key in
            guard let key else { return false }
            return ReplicaCount.listed(key, inventory: inventory) != 0
        }
    }

    /// What a client sees of a decision: which backend and path, which status and Location, what split.
    struct Outcome: Equatable {
        var backend: String?
        var path: String?
        var status: Int?
        var location: String?
        var split: String?

        init(_ decision: RoutingDecision) {
            switch decision.action {
            case .forward(let target):
                backend = target.backend.description
                path = target.upstreamTarget
            case .split(let main, let canary, let weight, let total):
                backend = main.backend.description
                path = main.upstreamTarget
                split = "\(canary.backend) \(weight)/\(total)"
            case .redirect(let status, let location):
                self.status = status
                self.location = location
            case .answer(let status):
                self.status = status
            }
        }
    }

    /// The differences grouped by the Ingress they are about, in a stable order.
    public var byIngress: [(ingress: ObjectRef?, differences: [Difference])] {
        var groups: [String: (ObjectRef?, [Difference])] = [:]
        for difference in differences {
            let key = difference.ingress?.qualifiedName ?? ""
            groups[key, default: (difference.ingress, [])].1.append(difference)
        }
        return groups.keys.sorted().compactMap { groups[$0] }.map { (ingress: $0.0, differences: $0.1) }
    }
}
