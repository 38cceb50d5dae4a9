import Routing
import StructuredText

/// Renders `rules profiles`: every controller profile, how it is recognised and what it changes.
public enum ProfileCatalogFormatter {
    struct Row {
        var id: String
        var name: String
        var recognised: String
        var sharing: String
        var implementationSpecific: String
        var differences: [String]
        var documentation: String
    }

    static func rows() -> [Row] {
        ControllerProfile.all.map { profile in
            var recognised: [String] = []
            if !profile.controllers.isEmpty { recognised.append("controller " + profile.controllers.joined(separator: ", ")) }
            if !profile.defaultClassNames.isEmpty { recognised.append("class " + profile.defaultClassNames.joined(separator: ", ")) }
            if !profile.annotationPrefixes.isEmpty { recognised.append("annotations " + profile.annotationPrefixes.joined(separator: ", ")) }
            var differences: [String] = []
            if let split = profile.trafficSplit { differences.append("splits traffic by " + split.summary) }
            if profile.refusesWildcardInExactOrPrefix { differences.append("refuses `*` and `?` in Exact and Prefix paths") }
            if profile.refusesRegexInExactOrPrefix { differences.append("refuses regex characters in Exact and Prefix paths at admission") }
            if profile.wildcardInPrefix { differences.append("`*` in a Prefix path is a wildcard") }
            if profile.exactRootIsCatchAll { differences.append("`Exact /` is the catch-all") }
            if !profile.prefixMatchesByElement { differences.append("Prefix compares characters, not path elements") }
            if profile.mergeableIngresses { differences.append("mergeable master and minion Ingresses") }
            if !profile.readsTLSHosts { differences.append("ignores tls[].hosts") }
            if profile.tlsEntryWithoutHostsServesRuleHosts { differences.append("a TLS entry without hosts serves the rule hosts") }
            if !profile.readsIngressClassName { differences.append("reads only the kubernetes.io/ingress.class annotation") }
            if profile.readsIngressNginxAnnotations { differences.append("ingress-nginx annotations checked by its validators and risk levels") }
            return Row(
                id: profile.id, name: profile.displayName, recognised: recognised.isEmpty ? "(fallback)" : recognised.joined(separator: "; "),
                sharing: profile.routeSharing.summary, implementationSpecific: profile.implementationSpecific.summary,
                differences: differences, documentation: profile.documentation)
        }
    }

    public static func text() -> String {
        rows().map { row in
            var text = "\(row.id): \(row.name)\n  recognised by: \(row.recognised)\n  route tables:  \(row.sharing)\n"
            text += "  ImplementationSpecific: \(row.implementationSpecific)\n"
            for difference in row.differences { text += "  - \(difference)\n" }
            return text + "  docs: \(row.documentation)\n"
        }.joined(separator: "\n")
    }

    public static func json() -> String {
        JSONValue.array(rows().map { row in
            .object([
                ("id", .string(row.id)), ("name", .string(row.name)), ("recognisedBy", .string(row.recognised)),
                ("routeTables", .string(row.sharing)), ("implementationSpecific", .string(row.implementationSpecific)),
                ("differences", .array(row.differences.map(JSONValue.string))), ("documentation", .string(row.documentation)),
            ])
        }).serialized() + "\n"
    }

    public static func markdown() -> String {
        var text = "| Profile | Recognised by | Route tables | ImplementationSpecific | Differences |\n|---|---|---|---|---|\n"
        for row in rows() {
            text += "| `\(row.id)` | \(row.recognised) | \(row.sharing) | \(row.implementationSpecific) | \(row.differences.joined(separator: "; ")) |\n"
        }
        return text
    }
}
