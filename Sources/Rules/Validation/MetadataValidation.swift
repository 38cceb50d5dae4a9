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
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
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

    /// Go's `strings.ToLower` on the key's ASCII letters (qualified names are ASCII; any other
    /// character fails the shape check either way).
    static func lowercased(_ key: String) -> String {
        String(decoding: key.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
    }
}
