/// List pages taken apart on their bytes: the list's metadata, each item's span, and each item
/// re-indented (kind and apiVersion put first, a few members dropped) without building Foundation
/// objects. Parsing and re-serializing 30,000 objects through JSONSerialization (with sorted keys,
/// for stable line numbers) was half of `lint --cluster`'s time; this keeps the server's key order,
/// which is stable, and costs one pass.
public enum RawJSON {
    public struct ListParts: Sendable {
        public var resourceVersion: String
        public var continueToken: String?
        public var items: [Range<Int>]
    }

    /// The page's `metadata.resourceVersion`, `metadata.continue` and the spans of `items[*]`; nil
    /// when the bytes are not a JSON object.
    public static func listParts(_ bytes: [UInt8]) -> ListParts? {
        var scanner = Scanner(bytes: bytes)
        guard scanner.skipWhitespace(), scanner.peek == UInt8(ascii: "{") else { return nil }
        scanner.index += 1
        var parts = ListParts(resourceVersion: "", continueToken: nil, items: [])
        while true {
            guard scanner.skipWhitespace() else { return nil }
            if scanner.peek == UInt8(ascii: "}") { return parts }
            if scanner.peek == UInt8(ascii: ",") { scanner.index += 1; continue }
            guard let key = scanner.readString(), scanner.skipWhitespace(), scanner.peek == UInt8(ascii: ":") else { return nil }
            scanner.index += 1
            guard scanner.skipWhitespace() else { return nil }
            switch key {
            case "metadata" where scanner.peek == UInt8(ascii: "{"):
                scanner.index += 1
                while true {
                    guard scanner.skipWhitespace() else { return nil }
                    if scanner.peek == UInt8(ascii: "}") { scanner.index += 1; break }
                    if scanner.peek == UInt8(ascii: ",") { scanner.index += 1; continue }
                    guard let field = scanner.readString(), scanner.skipWhitespace(), scanner.peek == UInt8(ascii: ":") else { return nil }
                    scanner.index += 1
                    guard scanner.skipWhitespace() else { return nil }
                    if scanner.peek == UInt8(ascii: "\""), field == "resourceVersion" || field == "continue" {
                        guard let value = scanner.readString() else { return nil }
                        if field == "resourceVersion" { parts.resourceVersion = value } else if !value.isEmpty { parts.continueToken = value }
                    } else {
                        guard scanner.skipValue() else { return nil }
                    }
                }
            case "items" where scanner.peek == UInt8(ascii: "["):
                scanner.index += 1
                while true {
                    guard scanner.skipWhitespace() else { return nil }
                    if scanner.peek == UInt8(ascii: "]") { scanner.index += 1; break }
                    if scanner.peek == UInt8(ascii: ",") { scanner.index += 1; continue }
                    let start = scanner.index
                    guard scanner.skipValue() else { return nil }
                    parts.items.append(start..<scanner.index)
                }
            default:
                guard scanner.skipValue() else { return nil }
            }
        }
    }

    /// The item indented as JSONSerialization's pretty printer would (two spaces, `"key" : value`),
    /// `"apiVersion"` and `"kind"` first, `metadata.managedFields` and the last-applied-configuration
    /// annotation left out (noise, and on a Secret the annotation would repeat its key).
    public struct Document: Sendable {
        public var text: String
        public var namespace: String?
        public var name: String?
    }

    public static func document(_ bytes: [UInt8], item: Range<Int>, apiVersion: String, kind: String) -> Document? {
        var scanner = Scanner(bytes: bytes, index: item.lowerBound, end: item.upperBound)
        var identity = Identity()
        var output: [UInt8] = []
        output.reserveCapacity(item.count * 2)
        guard scanner.skipWhitespace(), scanner.peek == UInt8(ascii: "{") else { return nil }
        scanner.index += 1
        output += Array("{\n  \"apiVersion\" : \"\(apiVersion)\",\n  \"kind\" : \"\(kind)\"".utf8)
        guard writeMembers(&scanner, into: &output, depth: 1, path: [], wroteAny: true, identity: &identity) else { return nil }
        output += Array("\n}".utf8)
        return Document(text: String(decoding: output, as: UTF8.self), namespace: identity.namespace, name: identity.name)
    }

    struct Identity {
        var namespace: String?
        var name: String?
    }

    /// Writes an object's members after its `{` up to and including its `}`.
    private static func writeMembers(
        _ scanner: inout Scanner, into output: inout [UInt8], depth: Int, path: [String], wroteAny: Bool, identity: inout Identity
    ) -> Bool {
        var first = !wroteAny
        while true {
            guard scanner.skipWhitespace() else { return false }
            if scanner.peek == UInt8(ascii: "}") { scanner.index += 1; return true }
            if scanner.peek == UInt8(ascii: ",") { scanner.index += 1; continue }
            let keyStart = scanner.index
            guard let key = scanner.readString() else { return false }
            let keyEnd = scanner.index
            guard scanner.skipWhitespace(), scanner.peek == UInt8(ascii: ":") else { return false }
            scanner.index += 1
            guard scanner.skipWhitespace() else { return false }
            let dropped = (depth == 1 && (key == "apiVersion" || key == "kind"))
                || (path == ["metadata"] && key == "managedFields")
                || (path == ["metadata", "annotations"] && key == "kubectl.kubernetes.io/last-applied-configuration")
            if dropped {
                guard scanner.skipValue() else { return false }
                continue
            }
            output += first ? [UInt8(ascii: "\n")] : [UInt8(ascii: ","), UInt8(ascii: "\n")]
            first = false
            output += Array(repeating: UInt8(ascii: " "), count: depth * 2)
            output += scanner.bytes[keyStart..<keyEnd]
            output += Array(" : ".utf8)
            if path == ["metadata"] && (key == "name" || key == "namespace") && scanner.peek == UInt8(ascii: "\"") {
                var copy = scanner
                let value = copy.readString()
                if key == "name" { identity.name = value } else { identity.namespace = value }
            }
            guard writeValue(&scanner, into: &output, depth: depth, path: path + [key], identity: &identity) else { return false }
        }
    }

    private static func writeValue(_ scanner: inout Scanner, into output: inout [UInt8], depth: Int, path: [String], identity: inout Identity) -> Bool {
        switch scanner.peek {
        case UInt8(ascii: "{"):
            scanner.index += 1
            let mark = output.count
            output.append(UInt8(ascii: "{"))
            let before = output.count
            guard writeMembers(&scanner, into: &output, depth: depth + 1, path: path, wroteAny: false, identity: &identity) else { return false }
            if output.count == before {
                output.removeSubrange(mark...)
                output += Array("{}".utf8)
            } else {
                output.append(UInt8(ascii: "\n"))
                output += Array(repeating: UInt8(ascii: " "), count: depth * 2)
                output.append(UInt8(ascii: "}"))
            }
            return true
        case UInt8(ascii: "["):
            scanner.index += 1
            var first = true
            output.append(UInt8(ascii: "["))
            while true {
                guard scanner.skipWhitespace() else { return false }
                if scanner.peek == UInt8(ascii: "]") { scanner.index += 1; break }
                if scanner.peek == UInt8(ascii: ",") { scanner.index += 1; continue }
                output += first ? [UInt8(ascii: "\n")] : [UInt8(ascii: ","), UInt8(ascii: "\n")]
                first = false
                output += Array(repeating: UInt8(ascii: " "), count: (depth + 1) * 2)
                guard writeValue(&scanner, into: &output, depth: depth + 1, path: path + ["[]"], identity: &identity) else { return false }
            }
            if first {
                output.append(UInt8(ascii: "]"))
            } else {
                output.append(UInt8(ascii: "\n"))
                output += Array(repeating: UInt8(ascii: " "), count: depth * 2)
                output.append(UInt8(ascii: "]"))
            }
            return true
        default:
            let start = scanner.index
            guard scanner.skipValue() else { return false }
            output += scanner.bytes[start..<scanner.index]
            return true
        }
    }

    /// The string at `span` (a JSON string value), or nil.
    public static func string(_ bytes: [UInt8], _ span: Range<Int>?) -> String? {
        guard let span else { return nil }
        var scanner = Scanner(bytes: bytes, index: span.lowerBound, end: span.upperBound)
        return scanner.readString()
    }

    /// The spans of a JSON object's top-level members (a watch event's `type` and `object`).
    public static func members(_ bytes: [UInt8], in range: Range<Int>? = nil) -> [String: Range<Int>] {
        var scanner = Scanner(bytes: bytes, index: range?.lowerBound ?? 0, end: range?.upperBound)
        var result: [String: Range<Int>] = [:]
        guard scanner.skipWhitespace(), scanner.peek == UInt8(ascii: "{") else { return result }
        scanner.index += 1
        while scanner.skipWhitespace() {
            if scanner.peek == UInt8(ascii: "}") { break }
            if scanner.peek == UInt8(ascii: ",") { scanner.index += 1; continue }
            guard let key = scanner.readString(), scanner.skipWhitespace(), scanner.peek == UInt8(ascii: ":") else { break }
            scanner.index += 1
            guard scanner.skipWhitespace() else { break }
            let start = scanner.index
            guard scanner.skipValue() else { break }
            result[key] = start..<scanner.index
        }
        return result
    }

    public struct Scanner: Sendable {
        public let bytes: [UInt8]
        public var index: Int
        public let end: Int

        public init(bytes: [UInt8], index: Int = 0, end: Int? = nil) {
            self.bytes = bytes
            self.index = index
            self.end = end ?? bytes.count
        }

        public var peek: UInt8? { index < end ? bytes[index] : nil }

        /// Skips whitespace; false at the end of the input.
        public mutating func skipWhitespace() -> Bool {
            while index < end, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 { index += 1 }
            return index < end
        }

        /// A string's text, escapes decoded leniently (for keys and the few values read).
        public mutating func readString() -> String? {
            guard peek == UInt8(ascii: "\"") else { return nil }
            let start = index + 1
            guard skipString() else { return nil }
            return JSONStringContent.decode(bytes[start..<(index - 1)], strict: false)
        }

        public mutating func skipString() -> Bool {
            index += 1
            while index < end {
                switch bytes[index] {
                case UInt8(ascii: "\\"): index += 2
                case UInt8(ascii: "\""):
                    index += 1
                    return true
                default: index += 1
                }
            }
            return false
        }

        /// Skips one value of any kind.
        public mutating func skipValue() -> Bool {
            guard skipWhitespace(), let first = peek else { return false }
            switch first {
            case UInt8(ascii: "\""):
                return skipString()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                var depth = 0
                while index < end {
                    switch bytes[index] {
                    case UInt8(ascii: "\""):
                        guard skipString() else { return false }
                        continue
                    case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        depth -= 1
                        if depth == 0 {
                            index += 1
                            return true
                        }
                    default: break
                    }
                    index += 1
                }
                return false
            default:
                // A literal (number, true, false, null) up to the next delimiter. No value starts
                // with a delimiter: consuming nothing is a failure, or a caller looping over values
                // (`{"items":[}`) would never advance (found by fuzzing: a hang that grew memory).
                let start = index
                while index < end, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
                return index > start
            }
        }
    }
}
