/// A rule's host as the route table indexes it.
public enum HostPattern: Hashable, Sendable, CustomStringConvertible {
    case exact(String)
    /// `*.foo.com`, stored as `foo.com`; covers exactly one more label.
    case wildcard(suffix: String)
    /// No host: every request.
    case any

    public init(ruleHost: String?) {
        guard let host = ruleHost?.lowercased(), !host.isEmpty else {
            self = .any
            return
        }
        if host.hasPrefix("*.") {
            self = .wildcard(suffix: String(host.dropFirst(2)))
        } else {
            self = .exact(host)
        }
    }

    public var description: String {
        switch self {
        case .exact(let host): return host
        case .wildcard(let suffix): return "*.\(suffix)"
        case .any: return "(any host)"
        }
    }

    /// Exact beats wildcard beats any.
    public var specificity: Int {
        switch self {
        case .exact: return 2
        case .wildcard: return 1
        case .any: return 0
        }
    }

    public func matches(_ requestHost: String) -> Bool {
        switch self {
        case .exact(let host): return host == requestHost
        case .wildcard(let suffix): return RequestHost.wildcardSuffix(of: requestHost) == suffix
        case .any: return true
        }
    }
}

/// Normalizes the Host header: the port is dropped and case folded.
public enum RequestHost {
    public static func normalize(_ header: String) -> String { String(normalizedSlice(header)) }

    /// The host without its port, lower-cased; a slice of the header when it already is lower case.
    public static func normalizedSlice(_ header: String) -> Substring {
        let utf8 = header.utf8
        var end = utf8.endIndex
        if utf8.first == UInt8(ascii: "[") {
            if let close = utf8.firstIndex(of: UInt8(ascii: "]")) { end = utf8.index(after: close) }
        } else if let colon = utf8.lastIndex(of: UInt8(ascii: ":")), utf8.firstIndex(of: UInt8(ascii: ":")) == colon {
            end = colon
        }
        let host = header[..<end]
        if host.utf8.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) {
            return Substring(host.lowercased())
        }
        return host
    }

    /// `bar.foo.com` → `foo.com`: what a one-label wildcard must equal. Nil when the first label is empty.
    public static func wildcardSuffix(of host: Substring) -> Substring? {
        let utf8 = host.utf8
        guard let dot = utf8.firstIndex(of: UInt8(ascii: ".")), dot != utf8.startIndex else { return nil }
        let rest = host[utf8.index(after: dot)...]
        return rest.isEmpty ? nil : rest
    }

    public static func wildcardSuffix(of host: String) -> String? {
        wildcardSuffix(of: Substring(host)).map(String.init)
    }
}
