/// The API server's string validators (k8s.io/apimachinery/pkg/util/validation), returning its
/// messages word for word so findings read like `kubectl apply` errors.
public enum NameValidation {
    static let subdomainMessage = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
    static let wildcardMessage = "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
    static let dns1035Message = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
    static let labelMessage = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"

    private static func isLowerAlnum(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
    }

    /// `[a-z0-9]([-a-z0-9]*[a-z0-9])?`
    static func isLabelShape(_ label: Substring.UTF8View) -> Bool {
        guard let first = label.first, let last = label.last, isLowerAlnum(first), isLowerAlnum(last) else { return false }
        return label.allSatisfy { isLowerAlnum($0) || $0 == UInt8(ascii: "-") }
    }

    /// Labels of `isLabelShape` joined by dots, in one pass over the bytes (splitting into
    /// substrings walked grapheme clusters and allocated, on every name of every admission). Any
    /// byte past ASCII fails, so bytes and characters give the same answer.
    static func isSubdomainShape(_ value: Substring) -> Bool {
        var previous: UInt8?
        for byte in value.utf8 {
            if byte == UInt8(ascii: ".") {
                guard let previous, isLowerAlnum(previous) else { return false }
            } else if previous == nil || previous == UInt8(ascii: ".") {
                guard isLowerAlnum(byte) else { return false }
            } else {
                guard isLowerAlnum(byte) || byte == UInt8(ascii: "-") else { return false }
            }
            previous = byte
        }
        return previous.map(isLowerAlnum) ?? false
    }

    /// DNS-1123 subdomain (object names, hosts, Secret names): errors, empty when valid.
    public static func dns1123Subdomain(_ value: String) -> [String] {
        var errors: [String] = []
        if value.utf8.count > 253 { errors.append("must be no more than 253 characters") }
        if !isSubdomainShape(Substring(value)) { errors.append(subdomainMessage) }
        return errors
    }

    public static func wildcardDNS1123Subdomain(_ value: String) -> [String] {
        var errors: [String] = []
        if value.utf8.count > 253 { errors.append("must be no more than 253 characters") }
        if !(value.hasPrefix("*.") && isSubdomainShape(value.dropFirst(2))) { errors.append(wildcardMessage) }
        return errors
    }

    /// Service names: `[a-z]([-a-z0-9]*[a-z0-9])?`, at most 63.
    public static func dns1035Label(_ value: String) -> [String] {
        var errors: [String] = []
        if value.utf8.count > 63 { errors.append("must be no more than 63 characters") }
        let bytes = Substring(value).utf8
        let startsWithLetter = bytes.first.map { $0 >= 0x61 && $0 <= 0x7A } ?? false
        if !(startsWithLetter && isLabelShape(bytes)) { errors.append(dns1035Message) }
        return errors
    }

    /// Namespace names: `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, at most 63.
    public static func dns1123Label(_ value: String) -> [String] {
        var errors: [String] = []
        if value.utf8.count > 63 { errors.append("must be no more than 63 characters") }
        if !isLabelShape(Substring(value).utf8) { errors.append(labelMessage) }
        return errors
    }

    /// `IsValidPortName`: an IANA service name.
    public static func portName(_ value: String) -> [String] {
        var errors: [String] = []
        let bytes = Array(value.utf8)
        if bytes.count > 15 { errors.append("must be no more than 15 characters") }
        if !bytes.allSatisfy({ isLowerAlnum($0) || $0 == UInt8(ascii: "-") }) {
            errors.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
        }
        if !bytes.contains(where: { $0 >= 0x61 && $0 <= 0x7A }) { errors.append("must contain at least one letter (a-z)") }
        if value.containsBytes("--") { errors.append("must not contain consecutive hyphens") }
        if bytes.first == UInt8(ascii: "-") || bytes.last == UInt8(ascii: "-") {
            errors.append("must not begin or end with a hyphen")
        }
        return errors
    }

    /// `IsPathSegmentName`: names that become URL path segments.
    public static func pathSegmentName(_ value: String) -> [String] {
        if value == "." { return ["may not be '.'"] }
        if value == ".." { return ["may not be '..'"] }
        var errors: [String] = []
        if value.containsBytes("/") { errors.append("may not contain '/'") }
        if value.containsBytes("%") { errors.append("may not contain '%'") }
        return errors
    }

    /// `netutils.ParseIPSloppy`: IPv4 (leading zeros allowed) or IPv6.
    public static func isIPAddress(_ value: String) -> Bool {
        isIPv4(Substring(value)) || isIPv6(value)
    }

    /// Four dot-separated numbers of one to three ASCII digits, each at most 255; one pass over the
    /// bytes, as every host of every admission is asked.
    static func isIPv4(_ value: Substring) -> Bool {
        var dots = 0
        var digits = 0
        var number = 0
        for byte in value.utf8 {
            if byte == UInt8(ascii: ".") {
                guard digits > 0 else { return false }
                dots += 1
                digits = 0
                number = 0
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                digits += 1
                number = number * 10 + Int(byte - UInt8(ascii: "0"))
                guard digits <= 3, number <= 255 else { return false }
            } else {
                return false
            }
        }
        return dots == 3 && digits > 0
    }

    static func isIPv6(_ value: String) -> Bool {
        guard value.containsBytes(":"), value.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return false }
        var groups = value.components(separatedBy: ":")
        let compressed = value.containsBytes("::")
        if value.components(separatedBy: "::").count > 2 { return false }
        var limit = 8
        if let last = groups.last, last.containsBytes(".") {
            guard isIPv4(Substring(last)) else { return false }
            groups.removeLast()
            limit = 6
        }
        let nonEmpty = groups.filter { !$0.isEmpty }
        guard nonEmpty.allSatisfy({ $0.count <= 4 && !$0.containsBytes(".") }) else { return false }
        if compressed { return nonEmpty.count < limit }
        return groups.count == limit && nonEmpty.count == limit
    }

    /// `field: Invalid value: "<v>": <detail>` as `field.Invalid(...).Error()` prints it.
    public static func invalid(_ field: String, _ value: String, _ detail: String) -> String {
        "\(field): Invalid value: \"\(value)\": \(detail)"
    }
}
