import StructuredText

/// The JSON report's document in YAML (`-o yaml`, as kubectl users ask for it): block style, keys
/// plain where YAML reads them back as the same string, every string value double-quoted with
/// JSON's escapes (valid YAML escapes), so no value changes type on the way back.
public struct YAMLFormatter: ReportFormatter {
    public init() {}

    public func render(_ report: Report) -> String {
        var output = ""
        Self.write(JSONFormatter.document(report), indent: 0, into: &output)
        return output
    }

    static func write(_ value: JSONValue, indent: Int, into output: inout String) {
        let pad = String(repeating: " ", count: indent)
        switch value {
        case .object(let pairs) where !pairs.isEmpty:
            for (key, child) in pairs {
                output += pad + Self.key(key) + ":"
                Self.child(child, indent: indent, into: &output)
            }
        case .array(let items) where !items.isEmpty:
            for item in items {
                output += pad + "-"
                if case .object(let pairs) = item, !pairs.isEmpty {
                    // The first key on the dash's line, the others aligned under it.
                    var nested = ""
                    write(item, indent: indent + 2, into: &nested)
                    output += " " + nested.dropFirst(indent + 2)
                } else {
                    Self.child(item, indent: indent, into: &output)
                }
            }
        default:
            output += pad + scalar(value) + "\n"
        }
    }

    private static func child(_ value: JSONValue, indent: Int, into output: inout String) {
        switch value {
        case .object(let pairs) where !pairs.isEmpty:
            output += "\n"
            write(value, indent: indent + 2, into: &output)
        case .array(let items) where !items.isEmpty:
            output += "\n"
            write(value, indent: indent + 2, into: &output)
        default:
            output += " " + scalar(value) + "\n"
        }
    }

    private static func scalar(_ value: JSONValue) -> String {
        switch value {
        case .object: return "{}"
        case .array: return "[]"
        default: return value.serialized(pretty: false)
        }
    }

    /// Plain when it is a simple identifier YAML cannot read as anything but that string.
    private static func key(_ text: String) -> String {
        let simple = !text.isEmpty && text.utf8.allSatisfy { byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F
        } && !(text.utf8.first.map { $0 >= 0x30 && $0 <= 0x39 } ?? true)
        let reserved: Set<String> = ["y", "Y", "n", "N", "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL"]
        return simple && !reserved.contains(text) ? text : JSONValue.string(text).serialized(pretty: false)
    }
}
