import IngressModel
import Inventory

/// One nginx `server` block of ingress-nginx: a host (or `_`, the catch-all default server), its
/// locations in the order ingress-nginx writes them, and what decides its redirects.
public struct NginxServer: Sendable {
    public static let catchAll = "_"

    /// The host, lower case; `_` for the default server, `*.foo.com` for a wildcard.
    public let host: String
    /// In the order ingress-nginx writes them (longest path first): the order regexes are tried.
    public let locations: [NginxLocation]
    /// Every location is a case-insensitive regex: an Ingress of the host sets use-regex or a
    /// rewrite-target (`enforceRegexModifier`).
    public let regexMode: Bool
    /// The Ingress whose annotation did it (for a from-to-www server: the Ingress asking for it).
    public let regexTrigger: ObjectRef?
    /// An Ingress of the host has a TLS entry: the server has a certificate.
    public let certified: Bool
    /// Set on the server ingress-nginx adds for from-to-www-redirect: every request is sent to
    /// this host with 308.
    public let redirectsToHost: String?
    public let aliases: [String]
    /// Paths of newer Ingresses that the same path and type of an older one keeps out.
    public let dropped: [Dropped]
    private let exact: [ByteText: NginxLocation]
    /// Prefix locations, longest first.
    private let prefixes: [NginxLocation]
    /// In a regex server: the locations by the literal their pattern starts with.
    private let regexIndex: RegexLocationIndex?

    /// Locations nginx refuses as a pair: the configuration with them does not load.
    public let duplicates: [Duplicate]

    public struct Duplicate: Sendable {
        public var kept: NginxLocation
        public var duplicate: NginxLocation
    }

    public struct Dropped: Sendable {
        public var route: Route
        public var keptBy: Route
    }

    init(
        host: String, locations: [NginxLocation], regexMode: Bool, regexTrigger: ObjectRef?, aliases: [String], certified: Bool,
        redirectsToHost: String? = nil, dropped: [Dropped] = [], duplicates: [Duplicate] = []
    ) {
        self.host = host
        self.dropped = dropped
        self.duplicates = duplicates
        self.locations = locations
        self.regexMode = regexMode
        self.regexTrigger = regexTrigger
        self.certified = certified
        self.aliases = aliases
        self.redirectsToHost = redirectsToHost
        var exact: [ByteText: NginxLocation] = [:]
        for location in locations where location.match == .exact { exact[ByteText(location.path)] = exact[ByteText(location.path)] ?? location }
        self.exact = exact
        prefixes = locations.filter { $0.match == .prefix }.sorted { $0.path.utf8.count > $1.path.utf8.count }
        regexIndex = regexMode ? RegexLocationIndex(locations) : nil
    }

    /// app-root is written at server level for every location carrying it: the first in order wins.
    var appRoot: (root: String, owner: ObjectRef?)? {
        for location in locations { if let root = location.settings?.appRoot { return (root, location.owner) } }
        return nil
    }

    /// How nginx picked the location for a URI.
    public enum Selection: Sendable {
        case location(NginxLocation)
        /// A prefix location ending in `/` is the URI plus a slash: nginx answers 301 to it
        /// (`auto_redirect`, since the location proxies).
        case slashRedirect(NginxLocation)
        case none
    }

    /// nginx's location search: `=` locations, then the longest prefix; in a regex server, the
    /// first regex that matches, in the written order.
    public func select(path: Substring) -> Selection {
        if regexMode {
            if let candidates = regexIndex?.candidates(for: path) {
                for position in candidates where locations[position].regexMatches(path) { return .location(locations[position]) }
                return .none
            }
            for location in locations where location.regexMatches(path) { return .location(location) }
            return .none
        }
        if let location = exact[ByteText(path)] { return .location(location) }
        let withSlash = path + "/"
        if let redirect = prefixes.first(where: { $0.path.utf8.elementsEqual(withSlash.utf8) }) { return .slashRedirect(redirect) }
        if let location = prefixes.first(where: { path.utf8.starts(with: $0.path.utf8) }) { return .location(location) }
        return .none
    }
}
