/// The API server's checks of labels and annotations (k8s.io/apimachinery `IsQualifiedName`,
/// `IsValidLabelValue`, `ValidateAnnotations`), with its messages word for word.
public enum MetadataValidation {
    /// `TotalAnnotationSizeLimitB`: keys and values of one object's annotations, in bytes.
    public static let totalAnnotationBytes = 256 * 1024
    static let qualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
    static let qualifiedNameMessage = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '\(qualifiedNameFormat)')"
    static let labelValueMessage = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(\(qualifiedNameFormat))?')"

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    /// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`
    static func hasQualifiedShape(_ bytes: Substring.UTF8View) -> Bool {
        guard let first = bytes.first, let last = bytes.last, isAlphanumeric(first), isAlphanumeric(last) else { return false }
        return bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
    }

    /// Label keys, and annotation keys in lower case: an optional DNS-subdomain prefix and `/`,
    /// then a name of at most 63 characters.
    public static func qualifiedName(_ value: String) -> [String] {
        // Every label and annotation key of every object comes here, and almost all are valid:
        // those are told in one pass over the bytes, and only the others take the path that
        // spells out each error.
        isValidQualifiedName(value) ? [] : qualifiedNameErrors(value)
    }

    /// Each fault of a qualified name, in the API server's words.
    static func qualifiedNameErrors(_ value: String) -> [String] {
        // Split by bytes, as Go does: a `/` may follow a combining character.
        let parts = value.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map { Substring($0) }
        var errors: [String] = []
        let name: Substring
        switch parts.count {
        case 1:
            name = parts[0]
        case 2:
            let prefix = parts[0]
            name = parts[1]
            if prefix.isEmpty {
                errors.append("prefix part must be non-empty")
            } else {
                errors += NameValidation.dns1123Subdomain(String(prefix)).map { "prefix part " + $0 }
            }
        default:
            return ["a qualified name " + qualifiedNameMessage + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]
        }
        if name.isEmpty {
            errors.append("name part must be non-empty")
        } else if name.utf8.count > 63 {
            errors.append("name part must be no more than 63 characters")
        }
        if !hasQualifiedShape(name.utf8) { errors.append("name part " + qualifiedNameMessage) }
        return errors
    }

    /// Label values: empty, or a qualified name's shape of at most 63 characters.
    public static func labelValue(_ value: String) -> [String] {
        var errors: [String] = []
        if value.utf8.count > 63 { errors.append("must be no more than 63 characters") }
        if !value.isEmpty && !hasQualifiedShape(Substring(value).utf8) { errors.append(labelValueMessage) }
        return errors
    }

    /// Go's `strings.ToLower` as far as it matters here: ASCII letters, and the two characters
    /// it lowers to ASCII (KELVIN SIGN to `k`, LATIN CAPITAL LETTER I WITH DOT ABOVE to `i`); any
    /// other character fails the shape check either way.
    /// True when `value` is a qualified name without fault, decided without allocating.
    static func isValidQualifiedName(_ value: String) -> Bool {
        let bytes = value.utf8
        guard let slash = bytes.firstIndex(of: UInt8(ascii: "/")) else {
            return bytes.count <= 63 && hasQualifiedShape(Substring(value).utf8)
        }
        let prefix = value[..<slash]
        let name = value[bytes.index(after: slash)...]
        return !prefix.isEmpty && prefix.utf8.count <= 253 && NameValidation.isSubdomainShape(prefix)
            && name.utf8.count <= 63 && !name.utf8.contains(UInt8(ascii: "/")) && hasQualifiedShape(name.utf8)
    }

    static func lowercased(_ key: String) -> String {
        // Keys are ASCII, and usually lower case already: the key itself, without a copy.
        if key.utf8.allSatisfy({ $0 < 0x80 && !(0x41...0x5A).contains($0) }) { return key }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(key.utf8.count)
        for scalar in key.unicodeScalars {
            switch scalar.value {
            case 0x41...0x5A: bytes.append(UInt8(scalar.value + 0x20))
            case 0x212A: bytes.append(UInt8(ascii: "k"))
            case 0x0130: bytes.append(UInt8(ascii: "i"))
            default: bytes.append(contentsOf: String(scalar).utf8)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
