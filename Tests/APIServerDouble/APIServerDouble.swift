import CertificateFixtures
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOHTTPCompression
import NIOPosix
import NIOSSL

/// A small Kubernetes API server for tests: HTTPS with a CA it generates, bearer-token and
/// client-certificate authentication, RBAC by user and resource, list with resourceVersion, `limit`
/// and `continue`, field and label selectors, watch (ADDED/MODIFIED/DELETED/BOOKMARK, 410 Gone after
/// a compaction), legacy discovery so that kubectl works against it, and injected failures.
public final class APIServerDouble: Sendable {
    public struct Configuration: Sendable {
        /// Bearer tokens and the user each one authenticates.
        public var tokens: [String: String] = [:]
        /// Resources (plural, or `*`) each user may list and watch; nil: everyone may read everything.
        public var permissions: [String: Set<String>]?
        /// How often an open watch that asked for bookmarks gets one.
        public var bookmarkInterval: TimeAmount = .seconds(1)
        /// The most items one list page returns, whatever `limit` asks (the real server has no cap;
        /// tests use it to force pagination).
        public var maximumPage: Int = 10_000
        /// false: a server from before discovery.k8s.io/v1 (EndpointSlices answer 404).
        public var servesEndpointSlices = true
        /// The IP addresses the serving certificate carries; empty: names only, so a client that
        /// dials 127.0.0.1 must be told which name to expect (kubeconfig's tls-server-name).
        public var certificateIPAddresses = ["127.0.0.1"]
        public init() {}
    }

    public let store = ObjectStore()
    public let pki: CertificateFixtures.ServingPKI
    let configuration: Configuration
    private let failures = NIOLockedValueBox<[(status: Int, retryAfter: Int?)]>([])
    private let log = NIOLockedValueBox<[String]>([])
    /// Responses sent gzip-compressed.
    let gzipped = NIOLockedValueBox(0)
    public var gzippedResponses: Int { gzipped.withLockedValue { $0 } }
    private let channel = NIOLockedValueBox<Channel?>(nil)
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        self.pki = CertificateFixtures.makeServingPKI(dnsNames: ["localhost", "kubernetes.default.svc"], ipAddresses: configuration.certificateIPAddresses)
    }

    /// The server's address once started, e.g. `https://127.0.0.1:43121`.
    public private(set) var url: String {
        get { urlBox.withLockedValue { $0 } }
        set { urlBox.withLockedValue { $0 = newValue } }
    }
    private let urlBox = NIOLockedValueBox("")

    /// Requests received, as `USER METHOD PATH?QUERY` lines.
    public var requests: [String] { log.withLockedValue { $0 } }

    /// The next requests (other than discovery) are answered with these statuses, in order.
    public func failNext(_ statuses: [Int], retryAfter: Int? = nil) {
        failures.withLockedValue { $0.append(contentsOf: statuses.map { ($0, retryAfter) }) }
    }

    func takeFailure() -> (status: Int, retryAfter: Int?)? {
        failures.withLockedValue { $0.isEmpty ? nil : $0.removeFirst() }
    }

    func record(_ line: String) {
        log.withLockedValue { $0.append(line) }
    }

    public func start(port: Int = 0) async throws {
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(pki.serverCertificatePEM.utf8)).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(pki.serverKeyPEM.utf8), format: .pem)))
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(pki.caPEM.utf8)))
        // A client certificate is checked when one is sent; token clients send none.
        tls.certificateVerification = .optionalVerification
        let context = try NIOSSLContext(configuration: tls)
        let server = self
        let bound = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    // Like the API server: gzip for large answers when the client accepts it, never
                    // for watch streams.
                    try channel.pipeline.syncOperations.addHandler(HTTPResponseCompressor(responseCompressionPredicate: { head, supported in
                        let length = head.headers["content-length"].first.flatMap(Int.init) ?? 0
                        guard length >= 2048 else { return .doNotCompress }
                        if supported { server.gzipped.withLockedValue { $0 += 1 } }
                        return .compressIfPossible
                    }))
                    try channel.pipeline.syncOperations.addHandler(APIRequestHandler(server: server))
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
        channel.withLockedValue { $0 = bound }
        url = "https://127.0.0.1:\(bound.localAddress?.port ?? 0)"
    }

    public func stop() async {
        let bound = channel.withLockedValue { $0 }
        try? await bound?.close()
        try? await group.shutdownGracefully()
    }

    /// A kubeconfig for this server: token auth when `token` is given, else a client certificate
    /// for `user` issued by the double's CA (organization `groups`).
    public func kubeconfig(token: String? = nil, user: String = "tester", namespace: String? = nil, inlineCA: Bool = true, directory: URL) throws -> String {
        let caPath = directory.appendingPathComponent("ca.crt")
        try pki.caPEM.write(to: caPath, atomically: true, encoding: .utf8)
        var lines = ["apiVersion: v1", "kind: Config", "clusters:", "- name: double", "  cluster:", "    server: \(url)"]
        lines.append(inlineCA ? "    certificate-authority-data: \(Data(pki.caPEM.utf8).base64EncodedString())" : "    certificate-authority: \(caPath.path)")
        lines += ["users:", "- name: \(user)", "  user:"]
        if let token {
            lines.append("    token: \(token)")
        } else {
            let client = pki.clientCertificate(commonName: user)
            lines.append("    client-certificate-data: \(Data(client.certificatePEM.utf8).base64EncodedString())")
            lines.append("    client-key-data: \(Data(client.keyPEM.utf8).base64EncodedString())")
        }
        lines += ["contexts:", "- name: double", "  context:", "    cluster: double", "    user: \(user)"]
        if let namespace { lines.append("    namespace: \(namespace)") }
        lines.append("current-context: double")
        return lines.joined(separator: "\n") + "\n"
    }
}
