import IngressModel
import Routing

/// Routes of one host that match exactly the same requests: same path string, same match type.
/// The first of each group is the one that wins today.
struct RouteGroup {
    var host: HostPattern
    var className: String?
    var routes: [Route]
}

extension RuleContext {
    /// Every group of two or more routes with the same host, path and effective type that meet in
    /// one route table of their controller (ALB IngressGroups and GKE Ingresses get a load balancer
    /// each, so routes of different ones never compete).
    /// Built from the route table's buckets, so the cost is linear in the number of routes.
    var sameRouteGroups: [RouteGroup] {
        var groups: [RouteGroup] = []
        for key in routes.classKeys {
            guard let table = routes.classes[key] else { continue }
            for (host, index) in table.hostIndexes {
                for bucket in index.exact.values where bucket.count > 1 {
                    for shared in routes.sharingTables(bucket) {
                        groups.append(RouteGroup(host: host, className: table.assignedClass, routes: shared))
                    }
                }
                for bucket in index.prefix.values where bucket.count > 1 {
                    var byPath: [ByteText: [Route]] = [:]
                    // An absent path (v1beta1) is a catch-all, the same routes as `/`.
                    for route in bucket { byPath[ByteText(route.path.isEmpty ? "/" : route.path), default: []].append(route) }
                    for same in byPath.values where same.count > 1 {
                        for shared in routes.sharingTables(same) {
                            groups.append(RouteGroup(host: host, className: table.assignedClass, routes: shared))
                        }
                    }
                }
            }
        }
        return groups
    }
}

extension RuleContext {
    /// A backend with its port named the way the Service in the inputs numbers it, so that
    /// `port.name: http` and `port.number: 80` of one Service compare equal.
    func sameBackend(_ lhs: BackendTarget, _ rhs: BackendTarget) -> Bool {
        lhs == rhs || inventory.canonical(lhs) == inventory.canonical(rhs)
    }
}

extension Route {
    var related: RelatedLocation {
        RelatedLocation(message: "Ingress \(origin.ingress.qualifiedName) routes it here", location: location, object: origin.ingress)
    }
}

extension RouteTable {
    /// The routes split by the route table of their controller they land in, each part in the
    /// bucket's (precedence) order; parts of one route are dropped.
    func sharingTables(_ routes: [Route]) -> [[Route]] {
        var parts: [String: [Route]] = [:]
        var order: [String] = []
        for route in routes {
            let key = shareKey(of: route.origin.ingress)
            if parts[key] == nil { order.append(key) }
            parts[key, default: []].append(route)
        }
        return order.compactMap { parts[$0].flatMap { $0.count > 1 ? $0 : nil } }
    }
}
