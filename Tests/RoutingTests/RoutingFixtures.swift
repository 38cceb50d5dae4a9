import IngressModel
import Testing
import Inventory
import ManifestLoader
@testable import Routing

/// Builds route tables from YAML, as users write Ingresses.
enum RoutingFixtures {
    static func inventory(_ yaml: String) -> Inventory {
        let loaded = ManifestLoader().load(text: yaml, file: "fixture.yaml")
        for issue in loaded.issues { Issue.record("fixture issue at \(issue.location): \(issue.message)") }
        return Inventory(loaded.objects)
    }

    static func table(_ yaml: String) -> RouteTable { RouteTable(inventory: inventory(yaml)) }

    /// One Ingress with the given (path, type, service) triples under one host.
    static func ingress(name: String = "ing", host: String? = "foo.bar.com", paths: [(String, String, String)], created: String? = nil, className: String? = nil) -> String {
        var yaml = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: \(name)\n"
        if let created { yaml += "  creationTimestamp: \"\(created)\"\n" }
        yaml += "spec:\n"
        if let className { yaml += "  ingressClassName: \(className)\n" }
        yaml += "  rules:\n  - "
        if let host { yaml += "host: \"\(host)\"\n    " }
        yaml += "http:\n      paths:\n"
        for (path, type, service) in paths {
            yaml += "      - path: \"\(path)\"\n        pathType: \(type)\n        backend: {service: {name: \(service), port: {number: 80}}}\n"
        }
        return yaml
    }

    static func backend(_ table: RouteTable, host: String = "foo.bar.com", path: String, className: String? = nil) -> String {
        guard let classTable = table.table(forClass: className) else { return "404" }
        guard let backend = classTable.resolve(host: host, path: path).backend else { return "404" }
        if case .service(_, let name, _) = backend { return name }
        return backend.description
    }
}
