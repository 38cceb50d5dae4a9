/// A node of a parsed YAML or JSON document, with the position of its first character.
///
/// The loader builds this tree from the YAML parser's output so that everything above the loader
/// works on plain values that carry their source position and never sees the parser library.
public struct YAMLNode: Sendable {
    public enum Content: Sendable {
        case scalar(Scalar)
        case mapping([Pair])
        case sequence([YAMLNode])
    }

    public struct Pair: Sendable {
        public var key: YAMLNode
        public var value: YAMLNode
        public init(key: YAMLNode, value: YAMLNode) {
            self.key = key
            self.value = value
        }
    }

    public struct Scalar: Sendable {
        public var text: String
        /// True when the scalar was quoted or a block scalar, or tagged `!!str`: its type is string.
        public var isExplicitString: Bool
        /// An explicit tag other than `!!str`, e.g. `!!int`.
        public var tag: String?
        public init(text: String, isExplicitString: Bool, tag: String? = nil) {
            self.text = text
            self.isExplicitString = isExplicitString
            self.tag = tag
        }
    }

    public var content: Content
    public var line: Int
    public var column: Int

    public init(_ content: Content, line: Int, column: Int) {
        self.content = content
        self.line = line
        self.column = column
    }

    public var pairs: [Pair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    public var items: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    public var scalar: Scalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }

    /// The value of `key` in a mapping, together with the key node (for locations of the key itself).
    public func entry(_ key: String) -> Pair? {
        guard let pairs else { return nil }
        for pair in pairs where pair.key.scalar?.text == key { return pair }
        return nil
    }

    public subscript(key: String) -> YAMLNode? { entry(key)?.value }

    public var resolvedType: ResolvedType {
        switch content {
        case .mapping: return .mapping
        case .sequence: return .sequence
        case .scalar(let scalar): return scalar.resolvedType
        }
    }

    /// The scalar's text when it is a string in the Kubernetes sense (after YAML 1.1 type resolution).
    public var stringValue: String? {
        guard let scalar, scalar.resolvedType == .string else { return nil }
        return scalar.text
    }

    /// An integer, or a number with no fraction: kubectl converts YAML to JSON, and Go writes the
    /// float 80.0 as `80`, which the API server reads as an integer.
    public var intValue: Int? {
        guard let scalar else { return nil }
        switch scalar.resolvedType {
        case .integer: return scalar.integerValue
        case .float: return scalar.integralFloatValue
        default: return nil
        }
    }

    public var isNull: Bool { resolvedType == .null }
}

/// The type a YAML scalar has for the API server: sigs.k8s.io/yaml reads YAML 1.1 (go-yaml v2),
/// so unquoted `yes`, `off` or `0x1F` are not strings.
public enum ResolvedType: String, Sendable {
    case string, integer, float, boolean, null, mapping, sequence

    public var article: String {
        switch self {
        case .string: return "a string"
        case .integer: return "an integer"
        case .float: return "a number"
        case .boolean: return "a boolean"
        case .null: return "null"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }
}

extension YAMLNode.Scalar {
    public var resolvedType: ResolvedType {
        if isExplicitString { return .string }
        if let tag {
            switch tag {
            case "tag:yaml.org,2002:int": return .integer
            case "tag:yaml.org,2002:float": return .float
            case "tag:yaml.org,2002:bool": return .boolean
            case "tag:yaml.org,2002:null": return .null
            default: return .string
            }
        }
        return Self.resolvePlain(text)
    }

    public var integerValue: Int? { Self.parseInteger(text) }

    /// `80.0`, `8e1`, `8_0.0` as 80; nil when the number has a fraction or no exact integer.
    public var integralFloatValue: Int? {
        guard let value = Double(String(text.filter { $0 != "_" })), value.isFinite,
            value.rounded() == value, abs(value) < 9_007_199_254_740_992
        else { return nil }
        return Int(value)
    }

    static let booleans: Set<String> = [
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE",
        "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
    ]
    static let nulls: Set<String> = ["", "~", "null", "Null", "NULL"]

    static func resolvePlain(_ text: String) -> ResolvedType {
        if nulls.contains(text) { return .null }
        guard let first = text.utf8.first else { return .null }
        // Only text that can start a number or a boolean needs a closer look.
        switch first {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."):
            if parseInteger(text) != nil { return .integer }
            if isFloat(text) { return .float }
            return .string
        default:
            if booleans.contains(text) { return .boolean }
            return .string
        }
    }

    static func parseInteger(_ raw: String) -> Int? {
        var text = Substring(raw)
        var negative = false
        if let sign = text.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            text = text.dropFirst()
        }
        guard !text.isEmpty else { return nil }
        let digits = text.filter { $0 != "_" }
        // One sign only: `Int(_:radix:)` would take a second one (`-0-001…` was Int.min, negated
        // into an overflow trap; found by FuzzYAML).
        guard !digits.isEmpty, !digits.contains("-"), !digits.contains("+") else { return nil }
        let value: Int?
        if digits.hasPrefix("0x") {
            value = Int(digits.dropFirst(2), radix: 16)
        } else if digits.hasPrefix("0b") {
            value = Int(digits.dropFirst(2), radix: 2)
        } else if digits.hasPrefix("0o") {
            value = Int(digits.dropFirst(2), radix: 8)
        } else if digits.count > 1, digits.hasPrefix("0") {
            value = Int(digits.dropFirst(), radix: 8)
        } else {
            guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            value = Int(digits)
        }
        guard let value else { return nil }
        guard negative else { return value }
        let (negated, overflow) = value.multipliedReportingOverflow(by: -1)
        return overflow ? nil : negated
    }

    static func isFloat(_ text: String) -> Bool {
        let lowered = text.lowercased()
        if [".inf", "-.inf", "+.inf", ".nan"].contains(lowered) { return true }
        var sawDigit = false
        var sawDot = false
        var sawExponent = false
        var previous: Character = " "
        for (index, char) in text.enumerated() {
            switch char {
            case "0"..."9", "_": sawDigit = sawDigit || char != "_"
            case "-", "+":
                guard index == 0 || previous == "e" || previous == "E" else { return false }
            case ".":
                guard !sawDot, !sawExponent else { return false }
                sawDot = true
            case "e", "E":
                guard sawDigit, !sawExponent else { return false }
                sawExponent = true
            default: return false
            }
            previous = char
        }
        return sawDigit && (sawDot || sawExponent) && previous != "e" && previous != "E"
    }
}
