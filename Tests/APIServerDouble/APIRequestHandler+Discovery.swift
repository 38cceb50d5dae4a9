import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import NIOSSL
import X509

/// The legacy discovery documents kubectl reads before it acts.
extension APIRequestHandler {
    func discovery(_ parts: [String]) -> Data? {
        func json(_ object: Any) -> Data? { try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) }
        func resources(group: String, version: String) -> Data? {
            let list = ResourceCatalog.all.filter { $0.group == group && $0.version == version }
            guard !list.isEmpty else { return nil }
            return json([
                "kind": "APIResourceList", "apiVersion": "v1", "groupVersion": group.isEmpty ? version : "\(group)/\(version)",
                "resources": list.map { type in
                    [
                        "name": type.plural, "singularName": type.kind.lowercased(), "namespaced": type.namespaced, "kind": type.kind,
                        "verbs": ["create", "get", "list", "watch"], "shortNames": type.shortNames,
                    ] as [String: Any]
                },
            ])
        }
        switch parts {
        case ["version"]:
            return json(["major": "1", "minor": "32", "gitVersion": "v1.32.0-double", "platform": "linux/amd64"])
        case ["api"]:
            return json(["kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"]]])
        case ["apis"]:
            return json([
                "kind": "APIGroupList", "apiVersion": "v1",
                "groups": ResourceCatalog.groups.map { group in
                    let version = ["groupVersion": "\(group)/v1", "version": "v1"]
                    return ["name": group, "versions": [version], "preferredVersion": version] as [String: Any]
                },
            ])
        case let path where path.count == 2 && path[0] == "api":
            return resources(group: "", version: path[1])
        case let path where path.count == 3 && path[0] == "apis":
            return resources(group: path[1], version: path[2])
        default:
            return nil
        }
    }
}
