import NIOHTTP1

/// The host and path a request is routed by (RFC 9112 §3.2): origin-form with its one Host
/// header, or absolute-form, whose authority wins over any Host header (§3.2.2). The backend
/// receives the origin-form path and that host. What a server must not accept is refused with its
/// cause (400), never guessed at.
struct RoutedTarget: Equatable {
    /// The authority as sent (port included), checked.
    var host: String
    /// The path and query, as the backend receives them.
    var path: String
    /// True when the request-target was absolute-form: the Host header is replaced upstream.
    var absolute: Bool

    static func read(_ head: HTTPRequestHead) -> Result<RoutedTarget, Refusal> {
        let hosts = head.headers["host"]
        guard hosts.count <= 1 else { return .failure(Refusal("more than one Host header")) }
        let uri = head.uri
        if let (authority, path) = absoluteForm(uri) {
            guard validAuthority(authority) else { return .failure(Refusal("the request-target's authority is not a host[:port]")) }
            return .success(RoutedTarget(host: authority, path: path, absolute: true))
        }
        // Origin-form is a path; `ftp://admin/x` or `ws://…` are neither, and would be routed by
        // the Host header while the backend read another authority from the target.
        guard uri.hasPrefix("/") || (uri == "*" && head.method == .OPTIONS) else {
            return .failure(Refusal("the request-target is neither a path nor an http(s) URL"))
        }
        let host = hosts.first ?? ""
        if hosts.isEmpty && (head.version.major > 1 || (head.version.major == 1 && head.version.minor >= 1)) {
            return .failure(Refusal("an HTTP/1.1 request needs a Host header"))
        }
        guard host.isEmpty || validAuthority(host) else {
            return .failure(Refusal("the Host header is not a host[:port] (no spaces, commas, userinfo or paths)"))
        }
        return .success(RoutedTarget(host: host, path: uri, absolute: false))
    }

    struct Refusal: Error, Equatable {
        var message: String
        init(_ message: String) { self.message = message }
    }

    /// `http://authority/path?query` → (authority, `/path?query`); nil for any other form.
    static func absoluteForm(_ uri: String) -> (String, String)? {
        let schemeLength: Int
        if uri.count >= 7, uri.prefix(7).lowercased() == "http://" {
            schemeLength = 7
        } else if uri.count >= 8, uri.prefix(8).lowercased() == "https://" {
            schemeLength = 8
        } else {
            return nil
        }
        let rest = uri.dropFirst(schemeLength)
        let end = rest.utf8.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? rest.endIndex
        let authority = String(rest[..<end])
        var path = String(rest[end...])
        if path.isEmpty || path.hasPrefix("#") { path = "/" } else if path.hasPrefix("?") { path = "/" + path }
        return (authority, path)
    }

    /// `host[:port]`: a reg-name or IPv4 address of unreserved characters, or a bracketed IPv6
    /// address, then an optional port of digits. No userinfo, spaces, commas or slashes.
    static func validAuthority(_ authority: String) -> Bool {
        var bytes = Substring(authority).utf8[...]
        guard !bytes.isEmpty else { return false }
        if bytes.first == UInt8(ascii: "[") {
            guard let close = bytes.firstIndex(of: UInt8(ascii: "]")) else { return false }
            let inside = bytes[bytes.index(after: bytes.startIndex)..<close]
            guard !inside.isEmpty, inside.allSatisfy({ isHex($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") }) else { return false }
            bytes = bytes[bytes.index(after: close)...]
        } else {
            let end = bytes.firstIndex(of: UInt8(ascii: ":")) ?? bytes.endIndex
            let name = bytes[..<end]
            guard !name.isEmpty, name.allSatisfy(isNameByte) else { return false }
            bytes = bytes[end...]
        }
        guard let colon = bytes.first else { return true }
        guard colon == UInt8(ascii: ":") else { return false }
        let port = bytes.dropFirst()
        return port.count <= 5 && port.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "f"))
    }

    /// Unreserved characters of RFC 3986 (letters, digits, `-._~`): what host names are made of.
    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
    }
}
