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
        case .string(let text): return quoted(text)
        default: return value.serialized(pretty: false)
        }
    }

    /// JSON's escapes, and YAML's for what JSON lets through raw but YAML readers refuse (DEL, C1
    /// controls, U+FFFE/U+FFFF) or fold (U+0085, U+2028, U+2029): each as `\uXXXX`.
    static func quoted(_ text: String) -> String {
        let escaped = JSONValue.string(text).serialized(pretty: false)
        guard escaped.unicodeScalars.contains(where: needsEscape) else { return escaped }
        var output = ""
        for scalar in escaped.unicodeScalars {
            if needsEscape(scalar) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value == 0x7F || (value >= 0x80 && value <= 0x9F) || value == 0x2028 || value == 0x2029 || value == 0xFFFE || value == 0xFFFF
    }

    /// Plain when it is a simple identifier YAML cannot read as anything but that string.
    private static func key(_ text: String) -> String {
        let simple = !text.isEmpty && text.utf8.allSatisfy { byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F
        } && !(text.utf8.first.map { $0 >= 0x30 && $0 <= 0x39 } ?? true)
        let reserved: Set<String> = ["y", "Y", "n", "N", "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL"]
        return simple && !reserved.contains(text) ? text : quoted(text)
    }
}
