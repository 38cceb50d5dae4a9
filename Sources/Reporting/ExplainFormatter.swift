import IngressModel
import Routing
import StructuredText

/// Renders `explain`: per class, the winner, the TLS secret and the candidates that lost.
public enum ExplainFormatter {
    public static func text(method: String, url: String, explanations: [Explanation]) -> String {
        var output = "\(method) \(url)\n"
        if explanations.isEmpty { output += "no Ingress in the inputs (of that class): 404\n" }
        for explanation in explanations {
            let resolution = explanation.resolution
            output += "\nclass \(resolution.className ?? "(no class)"):\n"
            if let semantics = explanation.semantics, semantics.profile.routing != .specification, let decision = explanation.decision {
                // The controller's own outcome first; the candidates below are the specification's view.
                output += "  routing: \(semantics.profile.id) (\(semantics.reason))\n"
                output += "  outcome: \(ExpectationChecker.describe(decision))\n"
                output += "  by the specification:\n"
            }
            switch resolution.outcome {
            case .route(let route):
                output += "  backend: \(route.backend)\n"
                output += "  route:   Ingress \(route.origin.ingress.qualifiedName) \(route.field): host \(route.host), path \(route.pathDescription)\n"
                output += "           \(route.location)\n"
                if route.declaredType == .implementationSpecific {
                    let meaning = explanation.judgedBy.map { "\($0.profile.id) reads it \($0.profile.implementationSpecific.summary)" } ?? "your controller may differ"
                    output += "  note:    ImplementationSpecific is matched as Prefix here; \(meaning)\n"
                }
                for canary in explanation.canaries {
                    output += "  canary:  Ingress \(canary.qualifiedName) takes a share of this route's traffic (ingress-nginx canary)\n"
                }
            case .defaultBackend(let entry):
                output += "  backend: \(entry.backend) (default backend: no rule matched)\n"
                output += "  route:   Ingress \(entry.origin.ingress.qualifiedName) \(entry.field)\n           \(entry.location)\n"
            case .notFound:
                if let host = resolution.hostPattern {
                    output += "  outcome: 404: host \(host) matched, but no path of it matches \(explanation.request.path) and no default backend is set\n"
                } else {
                    output += "  outcome: 404: no rule matches host \(explanation.request.host) and no default backend is set\n"
                }
            }
            if let judged = explanation.judgedBy {
                output += "  judged:  \(judged.profile.id): \(judged.reason)\n"
            }
            if let tls = explanation.tls {
                output += "  tls:     Secret \(tls.origin.ingress.namespace)/\(tls.secretName ?? "(none: controller default certificate)") for \(tls.host), \(tls.field) of Ingress \(tls.origin.ingress.qualifiedName)\n"
            } else {
                output += "  tls:     no TLS entry covers \(explanation.request.host)\n"
            }
            if !explanation.losers.isEmpty {
                output += "  lost:\n"
                for candidate in explanation.losers {
                    let route = candidate.route
                    output += "    - Ingress \(route.origin.ingress.qualifiedName) \(route.field): host \(route.host), path \(route.pathDescription) → \(route.backend): \(candidate.reason)\n"
                }
                if explanation.omitted > 0 { output += "    … and \(explanation.omitted) more\n" }
            }
        }
        return output
    }

    /// A routing decision as `explain`, `routes` and `diff` write it in JSON.
    public static func decisionJSON(_ decision: RoutingDecision) -> JSONValue {
        var pairs: [(String, JSONValue)] = []
        switch decision.action {
        case .forward(let target):
            pairs += [("outcome", "forward"), ("backend", .string(target.backend.description)), ("path", .string(target.upstreamTarget))]
        case .split(let main, let canary, let weight, let total):
            pairs += [("outcome", "split"), ("backend", .string(main.backend.description)), ("canary", .string(canary.backend.description)),
                      ("canaryWeight", .number(weight)), ("weightTotal", .number(total)), ("path", .string(main.upstreamTarget))]
        case .redirect(let status, let location):
            pairs += [("outcome", "redirect"), ("status", .number(status)), ("location", .string(location))]
        case .answer(let status):
            pairs += [("outcome", "answer"), ("status", .number(status))]
        }
        pairs.append(("ingress", decision.ingress.map(JSONFormatter.object) ?? .null))
        pairs.append(("reason", .string(decision.reason)))
        return .object(pairs)
    }

    public static func json(method: String, url: String, explanations: [Explanation]) -> String {
        func location(_ location: SourceLocation) -> JSONValue { JSONFormatter.location(location) }
        func route(_ route: Route) -> JSONValue {
            .object([
                ("ingress", JSONFormatter.object(route.origin.ingress)),
                ("field", .string(route.field)), ("host", .string(route.host.description)),
                ("path", .string(route.path)), ("pathType", .string(route.declaredType.rawValue)),
                ("matchedAs", .string(route.matchType.rawValue)),
                ("backend", .string(route.backend.description)), ("location", location(route.location)),
            ])
        }
        let classes: [JSONValue] = explanations.map { explanation in
            var pairs: [(String, JSONValue)] = [("class", explanation.resolution.className.map(JSONValue.string) ?? .null)]
            switch explanation.resolution.outcome {
            case .route(let winner):
                pairs += [("outcome", "route"), ("backend", .string(winner.backend.description)), ("route", route(winner))]
            case .defaultBackend(let entry):
                pairs += [("outcome", "defaultBackend"), ("backend", .string(entry.backend.description)),
                          ("route", .object([("ingress", JSONFormatter.object(entry.origin.ingress)), ("field", .string(entry.field)), ("location", location(entry.location))]))]
            case .notFound:
                pairs += [("outcome", "notFound"), ("status", 404)]
            }
            pairs.append(("profile", explanation.judgedBy.map(JSONFormatter.profile) ?? .null))
            pairs.append(("routing", .string(explanation.semantics?.profile.id ?? "spec")))
            if let decision = explanation.decision { pairs.append(("decision", decisionJSON(decision))) }
            pairs.append(("canaries", .array(explanation.canaries.map(JSONFormatter.object))))
            if let tls = explanation.tls {
                pairs.append(("tls", .object([
                    ("secret", tls.secretName.map { .string("\(tls.origin.ingress.namespace)/\($0)") } ?? .null),
                    ("host", .string(tls.host.description)), ("ingress", JSONFormatter.object(tls.origin.ingress)),
                    ("location", location(tls.location)),
                ])))
            } else {
                pairs.append(("tls", .null))
            }
            pairs.append(("lost", .array(explanation.losers.map { candidate in
                .object([("route", route(candidate.route)), ("reason", .string(candidate.reason.description))])
            })))
            return .object(pairs)
        }
        return JSONValue.object([("request", .object([("method", .string(method)), ("url", .string(url))])), ("classes", .array(classes))]).serialized() + "\n"
    }
}
