import IngressModel

/// The headers routing reads (canary headers, cookies), however the request carries them: the
/// proxy's parsed request or an expectation's `headers:`. Generic, so the proxy's lookup is not
/// boxed on every request.
public protocol RequestHeaderLookup {
    /// Every value of a header, in order; `lowercasedName` is already lower case.
    func values(lowercasedName: String) -> [String]
}

extension RequestHeaderLookup {
    public func first(_ lowercasedName: String) -> String? { values(lowercasedName: lowercasedName).first }

    /// A cookie's value from the `Cookie` headers (RFC 6265 §4.2.1: `name=value` pairs split by
    /// `; `); the name compared without regard to case, as nginx's `$cookie_NAME` does.
    public func cookie(_ name: String) -> String? {
        let wanted = name.lowercased()
        for header in values(lowercasedName: "cookie") {
            for pair in header.split(separator: ";") {
                let trimmed = pair.drop { $0 == " " }
                guard let equals = trimmed.firstIndex(of: "=") else { continue }
                if trimmed[..<equals].lowercased() == wanted { return String(trimmed[trimmed.index(after: equals)...]) }
            }
        }
        return nil
    }
}

/// Headers as a list of pairs (an expectation's, a test's).
public struct HeaderList: RequestHeaderLookup, Sendable {
    public var pairs: [(String, String)]

    public init(_ pairs: [(String, String)] = []) { self.pairs = pairs }

    public func values(lowercasedName: String) -> [String] {
        pairs.filter { $0.0.lowercased() == lowercasedName }.map(\.1)
    }
}

/// One request as routing sees it.
public struct RoutingRequest<Headers: RequestHeaderLookup> {
    /// `http` or `https`: what the client connected with.
    public var scheme: String
    /// The Host header (or absolute-form authority) as sent, port included.
    public var host: String
    /// The request-target: path and query, as sent.
    public var target: String
    public var headers: Headers

    public init(scheme: String, host: String, target: String, headers: Headers) {
        self.scheme = scheme
        self.host = host
        self.target = target
        self.headers = headers
    }
}
