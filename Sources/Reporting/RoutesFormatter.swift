import Foundation
import IngressModel
import Routing
import StructuredText

/// Renders `ingress-guard routes`: the effective route table per class and host, as text, JSON,
/// a Markdown table, or a Mermaid or Graphviz drawing of hosts → paths → Services.
public enum RoutesFormatter {
    static func className(_ name: String?) -> String { name ?? "(no class)" }

    public static func text(_ listing: RouteListing) -> String {
        var output = ""
        if listing.classes.isEmpty { output += "no Ingress in the inputs\n" }
        for item in listing.classes {
            output += "class \(className(item.name)), routed as \(item.semantics.id) (\(item.semanticsReason)):\n"
            for host in item.hosts {
                output += "  \(host.host)\n"
                for note in host.notes { output += "    # \(note)\n" }
                let width = min(40, host.entries.map { $0.match.count }.max() ?? 0)
                for entry in host.entries {
                    let padded = entry.match.padding(toLength: max(width, entry.match.count), withPad: " ", startingAt: 0)
                    let backend = entry.backend.map { "\($0)" } ?? "404"
                    let owner = entry.ingress.map { "  Ingress \($0.qualifiedName)" + (entry.field.isEmpty ? "" : " \(entry.field)") } ?? ""
                    output += "    \(padded)  → \(backend)\(owner)\n"
                    for note in entry.notes { output += "      \(note)\n" }
                    for shadow in entry.shadows {
                        output += "      shadows Ingress \(shadow.origin.ingress.qualifiedName) \(shadow.field) → \(shadow.backend) (\(shadow.location))\n"
                    }
                }
            }
        }
        return output
    }

    public static func json(_ listing: RouteListing) -> String {
        let classes: [JSONValue] = listing.classes.map { item in
            .object([
                ("class", item.name.map(JSONValue.string) ?? .null),
                ("routing", .string(item.semantics.id)), ("routingReason", .string(item.semanticsReason)),
                ("hosts", .array(item.hosts.map { host in
                    .object([
                        ("host", .string(host.host)), ("notes", .array(host.notes.map(JSONValue.string))),
                        ("routes", .array(host.entries.map { entry in
                            .object([
                                ("match", .string(entry.match)), ("path", .string(entry.path)),
                                ("backend", entry.backend.map { .string($0.description) } ?? .null),
                                ("ingress", entry.ingress.map(JSONFormatter.object) ?? .null), ("field", .string(entry.field)),
                                ("location", entry.location.map(JSONFormatter.location) ?? .null),
                                ("notes", .array(entry.notes.map(JSONValue.string))),
                                ("shadows", .array(entry.shadows.map { shadow in
                                    .object([
                                        ("ingress", JSONFormatter.object(shadow.origin.ingress)), ("field", .string(shadow.field)),
                                        ("backend", .string(shadow.backend.description)), ("location", JSONFormatter.location(shadow.location)),
                                    ])
                                })),
                            ])
                        })),
                    ])
                })),
            ])
        }
        return JSONValue.object([("classes", .array(classes))]).serialized() + "\n"
    }

    public static func markdown(_ listing: RouteListing) -> String {
        var output = ""
        for item in listing.classes {
            output += "### Class `\(className(item.name))` (routed as \(item.semantics.id))\n\n"
            output += "| Host | Match | Backend | Ingress | Notes |\n|---|---|---|---|---|\n"
            for host in item.hosts {
                for (position, entry) in host.entries.enumerated() {
                    var notes = entry.notes + entry.shadows.map { "shadows \($0.origin.ingress.qualifiedName)" }
                    if position == 0 { notes = host.notes + notes }
                    let cells = [
                        position == 0 ? host.host : "", "`\(entry.match)`", entry.backend.map { "`\($0)`" } ?? "404",
                        entry.ingress?.qualifiedName ?? "", notes.joined(separator: "; "),
                    ]
                    output += "| " + cells.map(escapeCell).joined(separator: " | ") + " |\n"
                }
            }
            output += "\n"
        }
        return output
    }

    static func escapeCell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    /// `flowchart LR`: host → path → Service, one subgraph per class.
    public static func mermaid(_ listing: RouteListing) -> String {
        var output = "flowchart LR\n"
        var ids = Identifiers()
        for item in listing.classes {
            let classID = ids.id("class:\(className(item.name))")
            output += "  subgraph \(classID)[\"class \(quoted(className(item.name))) (\(item.semantics.id))\"]\n"
            for host in item.hosts {
                let hostID = ids.id("host:\(className(item.name)):\(host.host)")
                output += "    \(hostID)([\"\(quoted(host.host))\"])\n"
                for entry in host.entries {
                    let pathID = ids.id("path:\(className(item.name)):\(host.host):\(entry.match)")
                    output += "    \(pathID)[\"\(quoted(entry.match))\"]\n"
                    output += "    \(hostID) --> \(pathID)\n"
                    let target = entry.backend.map { "\($0)" } ?? "404"
                    let serviceID = ids.id("service:\(target)")
                    output += "    \(pathID) --> \(serviceID)[[\"\(quoted(target))\"]]\n"
                }
            }
            output += "  end\n"
        }
        return output
    }

    /// Graphviz: host → path → Service, one cluster per class.
    public static func dot(_ listing: RouteListing) -> String {
        var output = "digraph routes {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n"
        var ids = Identifiers()
        var services: Set<String> = []
        for item in listing.classes {
            output += "  subgraph \(ids.id("cluster:\(className(item.name))", prefix: "cluster_")) {\n    label=\"\(dotQuoted("class \(className(item.name)) (\(item.semantics.id))"))\";\n"
            for host in item.hosts {
                let hostID = ids.id("host:\(className(item.name)):\(host.host)")
                output += "    \(hostID) [shape=ellipse, label=\"\(dotQuoted(host.host))\"];\n"
                for entry in host.entries {
                    let pathID = ids.id("path:\(className(item.name)):\(host.host):\(entry.match)")
                    let target = entry.backend.map { "\($0)" } ?? "404"
                    let serviceID = ids.id("service:\(target)")
                    output += "    \(pathID) [shape=box, label=\"\(dotQuoted(entry.match))\"];\n"
                    output += "    \(hostID) -> \(pathID);\n    \(pathID) -> \(serviceID);\n"
                    if services.insert(serviceID).inserted {
                        output += "    \(serviceID) [shape=component, label=\"\(dotQuoted(target))\"];\n"
                    }
                }
            }
            output += "  }\n"
        }
        return output + "}\n"
    }

    /// Node identifiers made only of letters and digits, one per distinct key.
    struct Identifiers {
        private var assigned: [String: String] = [:]

        mutating func id(_ key: String, prefix: String = "n") -> String {
            if let existing = assigned[key] { return existing }
            let made = "\(prefix)\(assigned.count)"
            assigned[key] = made
            return made
        }
    }

    /// Mermaid labels in double quotes take `#quot;` for a quote.
    static func quoted(_ text: String) -> String { text.replacingOccurrences(of: "\"", with: "#quot;") }

    static func dotQuoted(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}
