import Foundation
import ManifestLoader
import NIOCore
import NIOHTTP1
import NIOHTTPCompression
import NIOSSL
import StructuredText

/// Reads from one API server over HTTPS: authenticated GETs with gzip, timeouts and retries with
/// backoff on 429 and 5xx (honouring Retry-After), paginated lists, and watch streams.
public final class KubeAPI: Sendable {
    public let connection: ClusterConnection
    private let transport: HTTPTransport
    private let exec: ExecCredentialSource?
    /// Items per list page (`limit`), as kubectl asks for.
    public let pageSize: Int
    public let requestTimeout: TimeAmount
    static let maxAttempts = 5
    static let retried: Set<Int> = [429, 500, 502, 503, 504]

    /// Connects lazily; an exec plugin that hands out client certificates runs here, once.
    public static func make(_ connection: ClusterConnection, pageSize: Int = 500, requestTimeout: TimeAmount = .seconds(60)) async throws -> KubeAPI {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        if let authority = connection.certificateAuthorityPEM {
            do {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(authority))
            } catch {
                throw KubeError.credentials("the certificate authority of cluster context \"\(connection.contextName)\" is not PEM: \(error)")
            }
        }
        if connection.insecureSkipTLSVerify { tls.certificateVerification = .none }
        var exec: ExecCredentialSource?
        var certificatePair: (certificate: [UInt8], key: [UInt8])?
        switch connection.credential {
        case .clientCertificate(let certificate, let key):
            certificatePair = (certificate, key)
        case .exec(let config):
            let source = ExecCredentialSource(config: config)
            let first = try await source.credential()
            if let certificate = first.clientCertificatePEM, let key = first.clientKeyPEM { certificatePair = (certificate, key) }
            exec = source
        case .none, .token, .tokenFile:
            break
        }
        if let certificatePair {
            do {
                tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(certificatePair.certificate).map { .certificate($0) }
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: certificatePair.key, format: .pem))
            } catch {
                throw KubeError.credentials("the client certificate or key of user \"\(connection.userName)\" cannot be loaded: \(error)")
            }
        }
        let transport: HTTPTransport
        do {
            transport = try HTTPTransport(origin: connection.server, tls: tls, serverName: connection.tlsServerName, connectTimeout: .seconds(5))
        } catch {
            throw KubeError.credentials("the TLS settings of cluster context \"\(connection.contextName)\" cannot be used: \(error)")
        }
        return KubeAPI(connection: connection, transport: transport, exec: exec, pageSize: pageSize, requestTimeout: requestTimeout)
    }

    private init(connection: ClusterConnection, transport: HTTPTransport, exec: ExecCredentialSource?, pageSize: Int, requestTimeout: TimeAmount) {
        self.connection = connection
        self.transport = transport
        self.exec = exec
        self.pageSize = pageSize
        self.requestTimeout = requestTimeout
    }

    public func shutdown() async {
        await transport.shutdown()
    }

    private func authorization() async throws -> String? {
        switch connection.credential {
        case .token(let token): return "Bearer \(token)"
        case .tokenFile(let file):
            guard let token = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw KubeError.credentials("cannot read the token file \(file)")
            }
            return "Bearer \(token.trimmingCharacters(in: .whitespacesAndNewlines))"
        case .exec:
            return try await exec?.credential().token.map { "Bearer \($0)" }
        case .none, .clientCertificate:
            return nil
        }
    }

    /// The request target: the server URL's own path (a proxy's prefix), the API path, the query.
    func target(_ path: String, query: [(String, String)]) -> String {
        var components = URLComponents()
        components.queryItems = query.isEmpty ? nil : query.map { URLQueryItem(name: $0.0, value: $0.1) }
        // `+` means a space to Go's query parser: encode it, as selectors can contain it.
        let encodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        var base = connection.server.path
        while base.hasSuffix("/") { base.removeLast() }
        return base + path + (encodedQuery.map { "?\($0)" } ?? "")
    }

    func headers(accept: Bool, gzip: Bool) async throws -> HTTPHeaders {
        var headers = HTTPHeaders()
        if accept { headers.add(name: "Accept", value: "application/json") }
        if gzip { headers.add(name: "Accept-Encoding", value: "gzip") }
        headers.add(name: "User-Agent", value: "ingress-guard")
        if let authorization = try await authorization() { headers.add(name: "Authorization", value: authorization) }
        return headers
    }

    /// A GET that returns the body of a 2xx answer; retried on 429 and 5xx.
    public func get(_ path: String, query: [(String, String)] = [], resource: APIResource? = nil, namespace: String? = nil) async throws -> ByteBuffer {
        var attempt = 0
        var refreshedCredential = false
        while true {
            attempt += 1
            let headers = try await headers(accept: true, gzip: true)
            let response: HTTPTransport.Answer
            do {
                response = try await transport.execute(.GET, target(path, query: query), headers: headers, limit: 1 << 30, deadline: .now() + requestTimeout)
            } catch {
                throw KubeError.unreachable(server: connection.server.absoluteString, detail: Self.describe(error))
            }
            let code = Int(response.status.code)
            let body = response.body
            if (200..<300).contains(code) { return body }
            let message = Self.statusMessage(body) ?? response.status.reasonPhrase
            switch code {
            case 401:
                // An exec credential may have been revoked early: run the plugin once more.
                if let exec, !refreshedCredential {
                    await exec.invalidate()
                    refreshedCredential = true
                    continue
                }
                throw KubeError.unauthorized(server: connection.server.absoluteString, user: connection.userName, context: connection.contextName)
            case 403:
                if let resource {
                    let verb = query.contains { $0.0 == "watch" } ? "watch" : "list"
                    throw KubeError.forbidden(message: message, verb: verb, resource: resource, namespace: namespace)
                }
                throw KubeError.status(code: code, path: path, message: message)
            case _ where Self.retried.contains(code) && attempt < Self.maxAttempts:
                let retryAfter = response.headers["retry-after"].first.flatMap(Double.init)
                let backoff = min(retryAfter ?? 0.1 * Double(1 << (attempt - 1)), 10)
                try await Task.sleep(nanoseconds: UInt64(backoff * 1_000_000_000))
            default:
                throw KubeError.status(code: code, path: path, message: message)
            }
        }
    }

    static func statusMessage(_ body: ByteBuffer) -> String? {
        JSONDocument.parse(body.readableBytesView)?["message"]?.jsonString
    }

    static func describe(_ error: Error) -> String {
        switch HTTPTransportError.classify(error) {
        case .tls(let detail): "TLS failed (\(detail)): check certificate-authority / insecure-skip-tls-verify"
        case let known: known.description
        }
    }

    /// One list, all pages (`limit`/`continue`), as the raw JSON of each page.
    public struct ListResult: Sendable {
        public var resource: APIResource
        public var pages: [ByteBuffer]
        public var resourceVersion: String
    }

    public func list(_ resource: APIResource, namespace: String?, fieldSelector: String? = nil, labelSelector: String? = nil) async throws -> ListResult {
        var pages: [ByteBuffer] = []
        var token: String?
        var resourceVersion = ""
        repeat {
            var query: [(String, String)] = [("limit", String(pageSize))]
            if let fieldSelector { query.append(("fieldSelector", fieldSelector)) }
            if let labelSelector { query.append(("labelSelector", labelSelector)) }
            if let token { query.append(("continue", token)) }
            let page = try await get(resource.path(namespace: namespace), query: query, resource: resource, namespace: namespace)
            let metadata = Self.listMetadata(page)
            guard let metadata else {
                throw KubeError.malformed(path: resource.path(namespace: namespace), detail: "no list metadata")
            }
            pages.append(page)
            resourceVersion = metadata.resourceVersion
            token = metadata.continueToken
        } while token != nil
        return ListResult(resource: resource, pages: pages, resourceVersion: resourceVersion)
    }

    /// `metadata.resourceVersion` and `metadata.continue` without parsing the items.
    static func listMetadata(_ page: ByteBuffer) -> (resourceVersion: String, continueToken: String?)? {
        guard let parts = RawJSON.listParts(Array(page.readableBytesView)) else { return nil }
        return (parts.resourceVersion, parts.continueToken)
    }
}

extension KubeAPI {
    /// An authenticated GET whose body `consume` reads as it comes, on a connection of its own.
    func stream<T: Sendable>(
        _ path: String, query: [(String, String)], timeout: TimeAmount, _ consume: @Sendable (HTTPResponseHead, inout BodyChunks) async throws -> T
    ) async throws -> T {
        let headers = try await headers(accept: true, gzip: false)
        do {
            return try await transport.stream(.GET, target(path, query: query), headers: headers, deadline: .now() + timeout, consume)
        } catch let error as KubeError {
            throw error
        } catch {
            throw KubeError.unreachable(server: connection.server.absoluteString, detail: Self.describe(error))
        }
    }

    /// One GET without retries: the status and body whatever the status (for the service proxy).
    public func rawGet(_ path: String, timeout: TimeAmount) async throws -> (status: Int, body: ByteBuffer) {
        let headers = try await headers(accept: false, gzip: false)
        do {
            let response = try await transport.execute(.GET, target(path, query: []), headers: headers, limit: 1 << 20, deadline: .now() + timeout)
            return (Int(response.status.code), response.body)
        } catch {
            throw KubeError.unreachable(server: connection.server.absoluteString, detail: Self.describe(error))
        }
    }
}
