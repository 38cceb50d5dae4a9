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
    public static func normalize(_ header: String) -> String {
        var host = Substring(header)
        if host.hasPrefix("[") {
            if let close = host.firstIndex(of: "]") { host = host[...close] }
        } else if let colon = host.lastIndex(of: ":"), host.firstIndex(of: ":") == colon {
            host = host[..<colon]
        }
        return host.lowercased()
    }

    /// `bar.foo.com` → `foo.com`: what a one-label wildcard must equal. Nil when the first label is empty.
    public static func wildcardSuffix(of host: String) -> String? {
        guard let dot = host.firstIndex(of: "."), dot != host.startIndex else { return nil }
        let rest = host[host.index(after: dot)...]
        return rest.isEmpty ? nil : String(rest)
    }
}
