/// Certificate name matching (RFC 6125 as browsers apply it): exact DNS names, and `*.example.com`
/// covering exactly one leftmost label.
public enum HostCoverage {
    public static func covers(_ names: [String], host rawHost: String) -> Bool {
        let host = rawHost.lowercased()
        for name in names {
            if name == host { return true }
            guard name.hasPrefix("*.") else { continue }
            let suffix = name.dropFirst(2)
            if host.hasPrefix("*.") {
                // A wildcard TLS host is served only by the same wildcard.
                if host.dropFirst(2) == suffix { return true }
                continue
            }
            guard let dot = host.firstIndex(of: "."), dot != host.startIndex else { continue }
            if host[host.index(after: dot)...] == suffix { return true }
        }
        return false
    }
}
