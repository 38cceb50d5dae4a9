import IngressModel
import Routing
import StructuredText

/// Renders `verify` results: text, json or junit.
public enum VerifyFormatter {
    public static func text(_ results: [ExpectationResult], servedClass: String) -> String {
        var output = "class: \(servedClass)\n"
        for result in results {
            let expectation = result.expectation
            if result.holds {
                output += "PASS \(expectation.requestText) → \(result.actual)\n"
            } else {
                output += "FAIL \(expectation.requestText) (\(expectation.location)): \(result.failure ?? "")\n     actual: \(result.actual)\n"
            }
        }
        let passed = results.filter(\.holds).count
        output += "\(results.count) expectation\(results.count == 1 ? "" : "s"): \(passed) held, \(results.count - passed) failed\n"
        return output
    }

    public static func json(_ results: [ExpectationResult], servedClass: String) -> String {
        let passed = results.filter(\.holds).count
        return JSONValue.object([
            ("version", 1),
            ("class", .string(servedClass)),
            ("results", .array(results.map { result in
                .object([
                    ("request", .string(result.expectation.requestText)),
                    ("expected", .object([
                        ("backend", result.expectation.backend.map { .string($0.description) } ?? .null),
                        ("status", result.expectation.status.map(JSONValue.number) ?? .null),
                        ("tlsSecret", result.expectation.tlsSecret.map(JSONValue.string) ?? .null),
                        ("replicas", result.expectation.replicas.map(JSONValue.number) ?? .null),
                        ("count", result.expectation.count.map(JSONValue.number) ?? .null),
                    ])),
                    ("holds", .bool(result.holds)),
                    ("actual", .string(result.actual)),
                    ("failure", result.failure.map(JSONValue.string) ?? .null),
                    ("location", JSONFormatter.location(result.expectation.location)),
                ])
            })),
            ("summary", .object([("passed", .number(passed)), ("failed", .number(results.count - passed))])),
        ]).serialized() + "\n"
    }

    public static func junit(_ results: [ExpectationResult], servedClass: String) -> String {
        func escape(_ value: String) -> String {
            value.replacingAll("&", "&amp;").replacingAll("<", "&lt;").replacingAll(">", "&gt;").replacingAll("\"", "&quot;")
        }
        let failed = results.filter { !$0.holds }.count
        var output = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        output += "<testsuites name=\"ingress-guard verify\" tests=\"\(results.count)\" failures=\"\(failed)\">\n"
        output += "  <testsuite name=\"verify (\(escape(servedClass)))\" tests=\"\(results.count)\" failures=\"\(failed)\">\n"
        for result in results {
            output += "    <testcase classname=\"\(escape(result.expectation.location.file))\" name=\"\(escape(result.expectation.requestText))\""
            if result.holds {
                output += "/>\n"
            } else {
                output += ">\n      <failure message=\"\(escape(result.failure ?? ""))\">\(escape("\(result.expectation.location): \(result.failure ?? "")\nactual: \(result.actual)"))</failure>\n    </testcase>\n"
            }
        }
        output += "  </testsuite>\n</testsuites>\n"
        return output
    }
}
