import IngressModel
import ManifestLoader
import StructuredText

/// One line of an expectations file (DESIGN.md §7): a request and where it must land.
public struct Expectation: Sendable {
    public var method: String
    public var url: RequestURL
    public var headers: [(String, String)]
    public var backend: ExpectedBackend?
    public var status: Int?
    /// `tls: {secret: NAME}`: the Secret whose certificate the proxy must present (with `--serve`).
    public var tlsSecret: String?
    /// `replicas: N`: the request, sent `count` times (default 2N, so that an (N+1)th replica would
    /// show), must reach exactly N distinct replicas
    /// (with `--serve`; without it, the inputs must give the backend N ready endpoints).
    public var replicas: Int?
    /// With `replicas`: requests sent (default 2N). With `weights`: requests sent (default 1000).
    public var count: Int?
    /// `path:` the path and query the backend receives (after a rewrite).
    public var upstreamPath: String?
    /// `location:` a redirect's Location header.
    public var redirectLocation: String?
    /// `weights: {BACKEND: PERCENT}`: how traffic is split between backends.
    public var weights: [(ExpectedBackend, Double)]?
    /// The request text as written, e.g. `GET https://foo.bar.com/foo`.
    public var requestText: String
    public var location: SourceLocation
    public var index: Int
}

public struct RequestURL: Sendable, Equatable {
    public var scheme: String
    /// `host[:port]` as written: it becomes the Host header.
    public var authority: String
    /// Path and query as sent in the request line.
    public var target: String

    public var host: String { RequestHost.normalize(authority) }

    /// Accepts `http://` and `https://` URLs; the path defaults to `/`.
    public init?(parsing text: String) {
        guard let separator = text.range(of: "://") else { return nil }
        let scheme = text[..<separator.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        let rest = text[separator.upperBound...]
        let end = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = String(rest[..<end])
        guard !authority.isEmpty, !authority.contains("@"), !authority.contains(" ") else { return nil }
        var target = String(rest[end...])
        if let fragment = target.firstIndex(of: "#") { target = String(target[..<fragment]) }
        if target.isEmpty || target.hasPrefix("?") { target = "/" + target }
        self.scheme = scheme
        self.authority = authority
        self.target = target
    }
}

/// `[namespace/]service:port`, port by number or name.
public struct ExpectedBackend: Sendable, Equatable, CustomStringConvertible {
    public var namespace: String
    public var service: String
    public var port: BackendTarget.Port

    public init?(parsing text: String, defaultNamespace: String) {
        var rest = Substring(text)
        var namespace = defaultNamespace
        if let slash = rest.firstIndex(of: "/") {
            namespace = String(rest[..<slash])
            rest = rest[rest.index(after: slash)...]
        }
        guard let colon = rest.lastIndex(of: ":") else { return nil }
        let service = String(rest[..<colon])
        let portText = String(rest[rest.index(after: colon)...])
        guard !namespace.isEmpty, !service.isEmpty, !portText.isEmpty else { return nil }
        self.namespace = namespace
        self.service = service
        self.port = Int(portText).map { .number($0) } ?? .name(portText)
    }

    public var description: String { "\(namespace)/\(service):\(port)" }
}

/// Reads an expectations file; errors name the file, line and cause.
public enum ExpectationFile {
    static let keys = ["request", "headers", "backend", "status", "location", "path", "weights", "count", "tls", "replicas"]
    public static let methods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE"]

    public static func parse(_ text: String, file: String, defaultNamespace: String) throws -> [Expectation] {
        func fail(_ node: YAMLNode, _ message: String) -> DocumentError {
            DocumentError(message, at: node, file: file)
        }
        let composed = YAMLComposer().compose(text)
        if let error = composed.error { throw DocumentError(error, file: file) }
        guard let root = composed.documents.first?.root, let list = root["expectations"] else {
            throw DocumentError("expected a mapping with an `expectations` list", file: file, line: 1, column: 1)
        }
        guard let items = list.items else { throw fail(list, "`expectations` must be a list") }
        return try items.enumerated().map { index, item in
            guard item.pairs != nil else { throw fail(item, "an expectation must be a mapping with `request` and `backend` or `status`") }
            for pair in item.pairs ?? [] {
                let key = pair.key.text ?? ""
                if !Self.keys.contains(key) {
                    throw fail(pair.key, "unknown key \"\(key)\" (known: \(Self.keys.joined(separator: ", ")))")
                }
            }
            guard let requestNode = item["request"], let requestText = requestNode.stringValue else {
                throw fail(item, "missing `request: METHOD URL`")
            }
            let parts = requestText.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 2, methods.contains(String(parts[0]).uppercased()) else {
                throw fail(requestNode, "request must be `METHOD URL`, e.g. `GET https://foo.bar.com/foo`")
            }
            guard let url = RequestURL(parsing: String(parts[1])) else {
                throw fail(requestNode, "\"\(parts[1])\" is not an http:// or https:// URL")
            }
            var headers: [(String, String)] = []
            if let headerNode = item["headers"] {
                guard let pairs = headerNode.pairs else { throw fail(headerNode, "`headers` must be a mapping") }
                for pair in pairs {
                    guard let name = pair.key.text, let value = pair.value.text else {
                        throw fail(pair.key, "header names and values must be strings")
                    }
                    headers.append((name, value))
                }
            }
            var backend: ExpectedBackend?
            if let backendNode = item["backend"] {
                guard let text = backendNode.text, let parsed = ExpectedBackend(parsing: text, defaultNamespace: defaultNamespace) else {
                    throw fail(backendNode, "backend must be `[namespace/]service:port`")
                }
                backend = parsed
            }
            var status: Int?
            if let statusNode = item["status"] {
                guard let value = statusNode.intValue, (100...599).contains(value) else { throw fail(statusNode, "status must be an HTTP status code") }
                status = value
            }
            var tlsSecret: String?
            if let tlsNode = item["tls"] {
                guard let secret = tlsNode["secret"]?.stringValue, !secret.isEmpty else { throw fail(tlsNode, "tls takes {secret: NAME}") }
                guard url.scheme == "https" else { throw fail(tlsNode, "tls applies to https:// requests only") }
                tlsSecret = secret
            }
            var replicas: Int?
            if let replicasNode = item["replicas"] {
                guard let value = replicasNode.intValue, (1...64).contains(value) else { throw fail(replicasNode, "replicas must be a number from 1 to 64") }
                replicas = value
            }
            var weights: [(ExpectedBackend, Double)]?
            if let weightsNode = item["weights"] {
                guard let pairs = weightsNode.pairs, !pairs.isEmpty else { throw fail(weightsNode, "weights must be a mapping {BACKEND: PERCENT}") }
                guard replicas == nil else { throw fail(weightsNode, "weights and replicas cannot be checked by one expectation") }
                var parsed: [(ExpectedBackend, Double)] = []
                for pair in pairs {
                    guard let text = pair.key.text, let target = ExpectedBackend(parsing: text, defaultNamespace: defaultNamespace) else {
                        throw fail(pair.key, "a weights key must be `[namespace/]service:port`")
                    }
                    guard let percent = pair.value.scalar.flatMap({ Double($0.text) }), (0...100).contains(percent) else {
                        throw fail(pair.value, "a weight must be a percent from 0 to 100")
                    }
                    parsed.append((target, percent))
                }
                let sum = parsed.reduce(0) { $0 + $1.1 }
                guard abs(sum - 100) < 0.01 else { throw fail(weightsNode, "the weights add up to \(sum), not 100") }
                weights = parsed
            }
            var count: Int?
            if let countNode = item["count"] {
                if let wanted = replicas {
                    guard let value = countNode.intValue, (wanted...10_000).contains(value) else {
                        throw fail(countNode, "count must be a number from replicas (\(wanted)) to 10000")
                    }
                    count = value
                } else if weights != nil {
                    guard let value = countNode.intValue, (100...100_000).contains(value) else { throw fail(countNode, "count must be a number from 100 to 100000") }
                    count = value
                } else {
                    throw fail(countNode, "count goes with replicas or weights: how many requests to send")
                }
            }
            var upstreamPath: String?
            if let pathNode = item["path"] {
                guard let text = pathNode.text, text.hasPrefix("/") else { throw fail(pathNode, "path must be the path (and query) the backend receives, starting with /") }
                upstreamPath = text
            }
            var redirectLocation: String?
            if let locationNode = item["location"] {
                guard let text = locationNode.text, !text.isEmpty else { throw fail(locationNode, "location must be the redirect's Location header") }
                if let status, !(300...399).contains(status) { throw fail(locationNode, "location goes with a redirect status (3xx), not \(status)") }
                redirectLocation = text
            }
            guard backend != nil || status != nil || tlsSecret != nil || replicas != nil || weights != nil || upstreamPath != nil || redirectLocation != nil else {
                throw fail(item, "an expectation needs `backend`, `status`, `location`, `path`, `weights`, `tls` or `replicas`")
            }
            return Expectation(
                method: String(parts[0]).uppercased(), url: url, headers: headers, backend: backend, status: status, tlsSecret: tlsSecret,
                replicas: replicas, count: count, upstreamPath: upstreamPath, redirectLocation: redirectLocation, weights: weights,
                requestText: requestText, location: SourceLocation(file: file, line: item.line, column: item.column), index: index)
        }
    }
}
