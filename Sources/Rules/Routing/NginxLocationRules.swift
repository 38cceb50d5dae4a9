import IngressModel
import Routing

/// Two paths of one host that ingress-nginx writes as the same location: `Prefix /foo` becomes
/// `location /foo/` (plus `= /foo`), and so does `Prefix /foo/`. nginx refuses the configuration
/// (`duplicate location "/foo/"`): ingress-nginx's admission webhook rejects the Ingress, and
/// without it the reload fails and the controller keeps serving its previous configuration, so
/// no later change of the class takes effect. Read from the route table's ingress-nginx servers.
struct NginxDuplicateLocationRule: Rule {
    let declaration = RuleDeclaration(id: "nginx-duplicate-location", category: .routing, severity: .error, inputs: [.routes])

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for key in context.routes.classKeys {
            // Only a Prefix path beside the same path with a slash can make a duplicate: the
            // class's servers are built only then.
            guard let table = context.routes.classes[key], table.semantics.routing == .ingressNginx, Self.mayDuplicate(table),
                let nginx = table.nginx
            else { continue }
            for host in nginx.hosts {
                guard let server = nginx.servers[host] else { continue }
                for pair in server.duplicates {
                    guard let route = pair.duplicate.route, let kept = pair.kept.route, route !== kept else { continue }
                    let hostText = host == NginxServer.catchAll ? "the rules without a host" : "host \(host)"
                    findings.append(finding(
                        "\(route.pathDescription) on \(hostText) becomes `\(pair.duplicate.directive)`, which \(kept.pathDescription) of Ingress \(kept.origin.ingress.qualifiedName) also becomes: nginx refuses the configuration (duplicate location), so ingress-nginx rejects the Ingress or keeps serving its previous configuration",
                        at: route.location, object: route.origin.ingress, field: "\(route.field).path",
                        related: [RelatedLocation(message: "the path written as the same location", location: kept.location, object: kept.origin.ingress)],
                        hint: "keep one of \(kept.path) and \(route.path): as Prefix paths they match the same requests"))
                }
            }
        }
        return findings
    }

    static func mayDuplicate(_ table: ClassRouteTable) -> Bool {
        table.hostIndexes.contains { _, index in
            index.prefix.values.contains { bucket in
                bucket.count > 1 && Set(bucket.map { ByteText($0.path) }).count > 1
            }
        }
    }
}

/// In a host whose locations are regexes (use-regex or rewrite-target on any of its Ingresses),
/// nginx tries them in ingress-nginx's order (longest path first) and the first that matches
/// wins: a path whose own requests an earlier location takes never serves them. ingress-nginx's
/// documentation warns of it ("Path Priority": `/foo/bar/[A-Z0-9]{3}` takes `/foo/bar/bar`).
/// Probed through the route table: the path itself (or a sample of its regex) is sent, and the
/// location that nginx selects is compared with the path's own.
struct NginxRegexLocationShadowedRule: Rule {
    let declaration = RuleDeclaration(id: "nginx-regex-location-shadowed", category: .routing, severity: .warning, inputs: [.routes])

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for key in context.routes.classKeys {
            guard let table = context.routes.classes[key], table.mayHaveRegexLocations, let nginx = table.nginx else { continue }
            for host in nginx.hosts {
                // A pattern that may backtrack without end is not run here, where any Ingress of the
                // cluster arrives (the webhook): the host is left unprobed.
                guard let server = nginx.servers[host], server.regexMode,
                    !server.locations.contains(where: \.mayBacktrackExponentially)
                else { continue }
                var probed = Set<ObjectIdentifier>()
                // At admission, another Ingress's path concerns the admitted one only if one of its
                // locations can win that path's request: those are tried first, alone.
                let focused = context.options.focus.map { _ in
                    server.locations.filter { $0.route.map { context.reports(about: $0.origin.ingress) } ?? false }
                }
                for location in server.locations {
                    guard let route = location.route, probed.insert(ObjectIdentifier(route)).inserted else { continue }
                    let written = route.path.isEmpty ? "/" : route.path
                    guard written != "/", let probe = DistinguishingRequests.sample(ofPath: written) else { continue }
                    if let focused, !context.reports(about: route.origin.ingress),
                        !focused.contains(where: { $0.regexMatches(Substring(probe)) })
                    {
                        continue
                    }
                    guard case .location(let winner) = server.select(path: Substring(probe)), let other = winner.route,
                        other !== route, other.backend != route.backend
                    else { continue }
                    let hostText = host == NginxServer.catchAll ? "the rules without a host" : "host \(host)"
                    findings.append(finding(
                        "\(route.pathDescription) on \(hostText) does not get its own requests: ingress-nginx tries the host's paths as regexes, longest first, and `\(winner.directive)` of Ingress \(other.origin.ingress.qualifiedName) takes \(probe) to \(other.backend)",
                        at: route.location, object: route.origin.ingress, field: "\(route.field).path",
                        related: [RelatedLocation(message: "the location that matches first", location: other.location, object: other.origin.ingress)],
                        hint: "anchor the regex (`$`) or make it more specific, or move one of the two to a host of its own"))
                }
            }
        }
        return findings
    }
}
