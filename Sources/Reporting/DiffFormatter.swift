import Foundation
import IngressModel
import Routing
import StructuredText

/// Renders `ingress-guard diff`: each request whose outcome differs, grouped by Ingress, with the
/// annotations that lose their meaning; Markdown for a pull-request comment.
public enum DiffFormatter {
    /// `default/s1:80, path /x`, `308 to https://…`, `404`, `split 90% a, 10% b`.
    static func outcome(_ decision: RoutingDecision) -> String {
        switch decision.action {
        case .forward(let target): return "\(target.backend), path \(target.upstreamTarget)"
        case .split(let main, let canary, let weight, let total):
            return "\(main.backend) with canary \(canary.backend) taking \(weight) of \(total), path \(main.upstreamTarget)"
        case .redirect(let status, let location): return "\(status) to \(location)"
        case .answer(let status): return "\(status)"
        }
    }

    static func summary(_ diff: RoutingDiff) -> String {
        diff.differences.isEmpty
            ? "no difference: \(diff.requestsTried) requests route alike (\(diff.before) → \(diff.after))"
            : "\(diff.differingRequests) of \(diff.requestsTried) requests route differently (\(diff.before) → \(diff.after))"
    }

    public static func text(_ diff: RoutingDiff) -> String {
        var output = ""
        let width = max(diff.before.count, diff.after.count) + 1
        func label(_ text: String) -> String { (text + ":").padding(toLength: width, withPad: " ", startingAt: 0) }
        for group in diff.byIngress {
            output += group.ingress.map { "Ingress \($0.qualifiedName)\n" } ?? "No Ingress (the controller's default backend)\n"
            for difference in group.differences {
                output += "  \(difference.request.description)\n"
                output += "    \(label(diff.before)) \(outcome(difference.before))  [\(difference.before.reason)]\n"
                output += "    \(label(diff.after)) \(outcome(difference.after))  [\(difference.after.reason)]\n"
            }
        }
        if !diff.inertAnnotations.isEmpty {
            output += "Annotations with no meaning on \(diff.after):\n"
            for annotation in diff.inertAnnotations {
                output += "  \(annotation.location): Ingress \(annotation.ingress.qualifiedName): \(annotation.key)\n"
            }
        }
        return output + summary(diff) + "\n"
    }

    public static func markdown(_ diff: RoutingDiff) -> String {
        var output = "### ingress-guard diff: \(summary(diff))\n\n"
        if !diff.differences.isEmpty {
            output += "| Ingress | Request | \(diff.before) | \(diff.after) |\n|---|---|---|---|\n"
            for group in diff.byIngress {
                for difference in group.differences {
                    let cells = [
                        group.ingress?.qualifiedName ?? "(none)", "`\(difference.request.description)`",
                        outcome(difference.before), outcome(difference.after),
                    ]
                    output += "| " + cells.map(RoutesFormatter.escapeCell).joined(separator: " | ") + " |\n"
                }
            }
            output += "\n"
        }
        if !diff.inertAnnotations.isEmpty {
            output += "<details><summary>\(diff.inertAnnotations.count) annotations with no meaning on \(diff.after)</summary>\n\n"
            for annotation in diff.inertAnnotations {
                output += "- `\(annotation.key)` on \(annotation.ingress.qualifiedName) (\(annotation.location))\n"
            }
            output += "\n</details>\n"
        }
        return output
    }

    public static func json(_ diff: RoutingDiff) -> String {
        let differences: [JSONValue] = diff.differences.map { difference in
            .object([
                ("class", difference.className.map(JSONValue.string) ?? .null),
                ("ingress", difference.ingress.map(JSONFormatter.object) ?? .null),
                ("request", .object([
                    ("method", "GET"), ("url", .string(difference.request.url)),
                    ("headers", .object(difference.request.headers.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })),
                ])),
                ("before", ExplainFormatter.decisionJSON(difference.before)),
                ("after", ExplainFormatter.decisionJSON(difference.after)),
            ])
        }
        let inert: [JSONValue] = diff.inertAnnotations.map { annotation in
            .object([("ingress", JSONFormatter.object(annotation.ingress)), ("key", .string(annotation.key)), ("location", JSONFormatter.location(annotation.location))])
        }
        return JSONValue.object([
            ("before", .string(diff.before)), ("after", .string(diff.after)), ("requests", .number(diff.requestsTried)),
            ("differingRequests", .number(diff.differingRequests)),
            ("differences", .array(differences)), ("inertAnnotations", .array(inert)),
        ]).serialized() + "\n"
    }
}
