/// A host as Ingresses and certificates name it: exact, a one-label wildcard, or none. The one
/// model of host matching: the route table, TLS coverage, the cross-namespace rule and the
/// admission index all ask it.
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

    /// The bucket of `specificity` that a normalized request host selected.
    public init(selected specificity: Specificity, requestHost: Substring) {
        switch specificity {
        case .exact: self = .exact(String(requestHost))
        case .wildcard: self = .wildcard(suffix: String(RequestHost.wildcardSuffix(of: requestHost) ?? ""))
        case .any: self = .any
        }
    }

    /// A name of a certificate (a DNS SAN, or the CN): as a rule host, case folded.
    public init(certificateName: String) {
        self.init(ruleHost: certificateName)
    }

    /// How closely a pattern names a host; a request goes to the most specific that matches.
    public enum Specificity: Int, Comparable, Sendable {
        case any, wildcard, exact

        public static func < (lhs: Specificity, rhs: Specificity) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public var specificity: Specificity {
        switch self {
        case .exact: return .exact
        case .wildcard: return .wildcard
        case .any: return .any
        }
    }

    /// Whether a request for `requestHost` (normalized: no port, lower case) is this pattern's.
    public func matches(_ requestHost: String) -> Bool {
        switch self {
        case .exact(let host): return host == requestHost
        case .wildcard(let suffix): return RequestHost.wildcardSuffix(of: requestHost) == suffix
        case .any: return true
        }
    }

    /// Whether every request this pattern's `other` serves is also this pattern's (RFC 6125 as
    /// browsers apply it, for certificates): the same pattern, or a wildcard over an exact host one
    /// label below it. A wildcard is covered only by the same wildcard; `any` covers everything.
    public func covers(_ other: HostPattern) -> Bool {
        switch (self, other) {
        case (.any, _): return true
        case (.exact(let host), .exact(let otherHost)): return host == otherHost
        case (.wildcard(let suffix), .exact(let host)): return RequestHost.wildcardSuffix(of: host) == suffix
        case (.wildcard(let suffix), .wildcard(let otherSuffix)): return suffix == otherSuffix
        default: return false
        }
    }

    /// Whether some request is both patterns' (what makes two Ingresses meet on a host).
    public func overlaps(_ other: HostPattern) -> Bool { covers(other) || other.covers(self) }

    /// The wildcard that would cover this exact host (`a.foo.com` → `*.foo.com`), if any.
    public var coveringWildcard: HostPattern? {
        guard case .exact(let host) = self, let suffix = RequestHost.wildcardSuffix(of: host) else { return nil }
        return .wildcard(suffix: suffix)
    }
}

/// Normalizes the Host header: the port is dropped and case folded.
public enum RequestHost {
    public static func normalize(_ header: String) -> String { String(normalizedSlice(header)) }

    /// The host without its port or a trailing dot, lower-cased; a slice of the header when it
    /// already is lower case.
    public static func normalizedSlice(_ header: String) -> Substring {
        let utf8 = header.utf8
        var end = utf8.endIndex
        if utf8.first == UInt8(ascii: "[") {
            if let close = utf8.firstIndex(of: UInt8(ascii: "]")) { end = utf8.index(after: close) }
        } else if let colon = utf8.lastIndex(of: UInt8(ascii: ":")), utf8.firstIndex(of: UInt8(ascii: ":")) == colon {
            end = colon
        }
        var host = header[..<end]
        // `shop.example.com.` is the same name, fully qualified; nginx matches it without the dot.
        if host.utf8.count > 1, host.utf8.last == UInt8(ascii: "."), host.utf8.first != UInt8(ascii: "[") { host = host.dropLast() }
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

extension HostPattern {
    /// Whether one of `names` (a certificate's names, an Ingress's TLS hosts) covers `host`. An
    /// empty name covers nothing: it is no pattern for every host.
    public static func any(of names: [String], covers host: String) -> Bool {
        let target = HostPattern(ruleHost: host)
        return names.contains { !$0.isEmpty && HostPattern(certificateName: $0).covers(target) }
    }
}
