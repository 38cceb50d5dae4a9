import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import NIOSSL
import X509

extension Array where Element == String {
    /// `name:port` split in two; the port is empty when absent.
    var splitPair: (String, String) { (first ?? "", count > 1 ? self[1] : "") }
}

/// One connection to the double: authenticates, authorizes and answers each request (reads, and
/// creates through the validating webhooks of `ValidatingAdmission`).
final class APIRequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let server: APIServerDouble
    private var head: HTTPRequestHead?
    private var body: ByteBuffer?
    var watchID: Int?
    var bookmarks: RepeatedTask?

    init(server: APIServerDouble) {
        self.server = server
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body = nil
        case .body(var part):
            body = body ?? context.channel.allocator.buffer(capacity: part.readableBytes)
            body?.writeBuffer(&part)
        case .end:
            guard let head else { return }
            self.head = nil
            handle(head, body: body.map { Data(buffer: $0) } ?? Data(), context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let watchID { server.store.stopWatching(watchID) }
        bookmarks?.cancel()
        context.fireChannelInactive()
    }

    // MARK: routing

    func handle(_ head: HTTPRequestHead, body: Data, context: ChannelHandlerContext) {
        let components = URLComponents(string: head.uri)
        let path = components?.path ?? head.uri
        var query: [String: String] = [:]
        for item in components?.queryItems ?? [] { query[item.name] = item.value ?? "" }
        guard let user = authenticate(head, context: context) else {
            server.record("- \(head.method.rawValue) \(head.uri)")
            respond(context, status: .unauthorized, json: Self.status(401, reason: "Unauthorized", message: "Unauthorized"))
            return
        }
        server.record("\(user) \(head.method.rawValue) \(head.uri)")
        guard head.method == .GET || head.method == .POST else {
            respond(context, status: .methodNotAllowed, json: Self.status(405, reason: "MethodNotAllowed", message: "the double serves reads and creates"))
            return
        }
        let parts = path.split(separator: "/").map(String.init)
        if head.method == .POST, Self.resource(parts) == nil {
            respond(context, status: .methodNotAllowed, json: Self.status(405, reason: "MethodNotAllowed", message: "POST goes to a resource collection"))
            return
        }
        if let discovery = discovery(parts) {
            respond(context, status: .ok, json: discovery)
            return
        }
        if let failure = server.takeFailure() {
            var headers: [(String, String)] = []
            if let retryAfter = failure.retryAfter { headers.append(("Retry-After", String(retryAfter))) }
            let status = HTTPResponseStatus(statusCode: failure.status)
            respond(context, status: status, json: Self.status(failure.status, reason: status.reasonPhrase.replacingOccurrences(of: " ", with: ""), message: "injected failure"), headers: headers)
            return
        }
        if head.method == .GET, parts.count >= 7, parts[0] == "api", parts[1] == "v1", parts[2] == "namespaces", parts[4] == "services", parts[6] == "proxy" {
            proxy(namespace: parts[3], service: parts[5], rest: parts.dropFirst(7).joined(separator: "/"), user: user, context: context)
            return
        }
        guard let target = Self.resource(parts), server.configuration.servesEndpointSlices || target.type.plural != "endpointslices" else {
            respond(context, status: .notFound, json: Self.status(404, reason: "NotFound", message: "the server could not find the requested resource"))
            return
        }
        if let allowed = server.configuration.permissions, !(allowed[user]?.contains(target.type.plural) ?? false), !(allowed[user]?.contains("*") ?? false) {
            let verb = head.method == .POST ? "create" : target.name != nil ? "get" : (query["watch"] == "true" || query["watch"] == "1" ? "watch" : "list")
            let scope = target.namespace.map { "in the namespace \"\($0)\"" } ?? "at the cluster scope"
            let message = "\(target.type.qualified) is forbidden: User \"\(user)\" cannot \(verb) resource \"\(target.type.plural)\" in API group \"\(target.type.group)\" \(scope)"
            respond(context, status: .forbidden, json: Self.status(403, reason: "Forbidden", message: message, details: ["group": target.type.group, "kind": target.type.plural]))
            return
        }
        if head.method == .POST {
            create(target, body: body, query: query, user: user, context: context)
            return
        }
        if let name = target.name {
            guard let object = server.store.get(target.type, namespace: target.namespace ?? "", name: name) else {
                respond(context, status: .notFound, json: Self.status(404, reason: "NotFound", message: "\(target.type.qualified) \"\(name)\" not found"))
                return
            }
            respond(context, status: .ok, data: object.json)
            return
        }
        let labels = Selector(query["labelSelector"])
        let fields = Selector(query["fieldSelector"])
        if query["watch"] == "true" || query["watch"] == "1" {
            watch(target, labels: labels, fields: fields, query: query, context: context)
        } else {
            list(target, labels: labels, fields: fields, query: query, context: context)
        }
    }

    func proxy(namespace: String, service: String, rest: String, user: String, context: ChannelHandlerContext) {
        if let allowed = server.configuration.permissions, !(allowed[user]?.contains("services/proxy") ?? false), !(allowed[user]?.contains("*") ?? false) {
            respond(context, status: .forbidden, json: Self.status(403, reason: "Forbidden", message: "services \"\(service)\" is forbidden: User \"\(user)\" cannot get resource \"services/proxy\" in API group \"\" in the namespace \"\(namespace)\""))
            return
        }
        let (name, port) = service.split(separator: ":", maxSplits: 1).map(String.init).splitPair
        let channel = context.channel
        let resolved = ServiceProxy.endpoint(store: server.store, namespace: namespace, service: name, port: port)
        Self.forward(resolved, path: rest, to: channel)
    }

    static func forward(_ resolved: Result<(String, Int), ServiceProxy.Failure>, path: String, to channel: Channel) {
        guard case .success(let endpoint) = resolved else {
            relay(resolved.map { _ in (0, Data()) }, to: channel)
            return
        }
        Task {
            relay(await ServiceProxy.fetch(host: endpoint.0, port: endpoint.1, path: path), to: channel)
        }
    }

    static func relay(_ answer: Result<(Int, Data), ServiceProxy.Failure>, to channel: Channel) {
        switch answer {
        case .failure(let failure):
            respond(channel: channel, status: .serviceUnavailable, data: status(503, reason: "ServiceUnavailable", message: failure.message))
        case .success(let reply):
            respond(channel: channel, status: HTTPResponseStatus(statusCode: reply.0), data: reply.1)
        }
    }

    static func respond(channel: Channel, status: HTTPResponseStatus, data: Data, headers extra: [(String, String)] = []) {
        channel.eventLoop.execute {
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "application/json")
            headers.add(name: "Content-Length", value: String(data.count))
            for (name, value) in extra { headers.add(name: name, value: value) }
            channel.write(HTTPServerResponsePart.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers)), promise: nil)
            channel.write(HTTPServerResponsePart.body(.byteBuffer(channel.allocator.buffer(bytes: data))), promise: nil)
            channel.writeAndFlush(HTTPServerResponsePart.end(nil), promise: nil)
        }
    }

    func authenticate(_ head: HTTPRequestHead, context: ChannelHandlerContext) -> String? {
        if let authorization = head.headers["authorization"].first, authorization.hasPrefix("Bearer ") {
            return server.configuration.tokens[String(authorization.dropFirst(7))]
        }
        // optionalVerification: a certificate that reached here was verified against the CA.
        guard let handler = try? context.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self),
            let peer = handler.peerCertificate, let der = try? peer.toDERBytes(),
            let certificate = try? Certificate(derEncoded: der)
        else { return nil }
        for relative in certificate.subject {
            for attribute in relative where attribute.type == .RDNAttributeType.commonName {
                return String(describing: attribute.value)
            }
        }
        return nil
    }

    struct Target {
        var type: ResourceType
        var namespace: String?
        var name: String?
    }

    /// `/api/v1/[namespaces/NS/]PLURAL[/NAME]` and `/apis/GROUP/VERSION/[namespaces/NS/]PLURAL[/NAME]`.
    static func resource(_ parts: [String]) -> Target? {
        var rest: ArraySlice<String>
        var group = ""
        var version: String
        if parts.first == "api", parts.count >= 3 {
            version = parts[1]
            rest = parts[2...]
        } else if parts.first == "apis", parts.count >= 4 {
            group = parts[1]
            version = parts[2]
            rest = parts[3...]
        } else {
            return nil
        }
        var namespace: String?
        if rest.first == "namespaces", rest.count >= 3 {
            namespace = rest[rest.startIndex + 1]
            rest = rest.dropFirst(2)
        }
        guard let plural = rest.first, let type = ResourceCatalog.find(group: group, version: version, plural: plural) else { return nil }
        if namespace != nil && !type.namespaced { return nil }
        return Target(type: type, namespace: namespace, name: rest.count > 1 ? rest[rest.startIndex + 1] : nil)
    }

    // MARK: responses

    static func status(_ code: Int, reason: String, message: String, details: [String: String]? = nil) -> Data {
        var object: [String: Any] = ["kind": "Status", "apiVersion": "v1", "metadata": [String: String](), "status": "Failure", "message": message, "reason": reason, "code": code]
        if let details { object["details"] = details }
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    }

    func respond(_ context: ChannelHandlerContext, status: HTTPResponseStatus, json: Data, headers extra: [(String, String)] = []) {
        respond(context, status: status, data: json, headers: extra)
    }

    func respond(_ context: ChannelHandlerContext, status: HTTPResponseStatus, data: Data, headers extra: [(String, String)] = []) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Content-Length", value: String(data.count))
        for (name, value) in extra { headers.add(name: name, value: value) }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: data)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
