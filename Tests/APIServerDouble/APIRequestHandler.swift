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

    private let server: APIServerDouble
    private var head: HTTPRequestHead?
    private var body: ByteBuffer?
    private var watchID: Int?
    private var bookmarks: RepeatedTask?

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

    private func handle(_ head: HTTPRequestHead, body: Data, context: ChannelHandlerContext) {
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

    private func proxy(namespace: String, service: String, rest: String, user: String, context: ChannelHandlerContext) {
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

    private func authenticate(_ head: HTTPRequestHead, context: ChannelHandlerContext) -> String? {
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

    // MARK: create

    /// POST to a collection: the object must name itself and not exist yet; the validating
    /// webhooks are called, then it is stored (not with `dryRun=All`) and answered with 201.
    private func create(_ target: Target, body: Data, query: [String: String], user: String, context: ChannelHandlerContext) {
        guard target.name == nil else {
            respond(context, status: .methodNotAllowed, json: Self.status(405, reason: "MethodNotAllowed", message: "POST goes to a collection"))
            return
        }
        guard var object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any],
            object["kind"] as? String == target.type.kind, object["apiVersion"] as? String == target.type.apiVersion
        else {
            respond(context, status: .badRequest, json: Self.status(400, reason: "BadRequest", message: "the body is not a \(target.type.apiVersion) \(target.type.kind)"))
            return
        }
        var metadata = object["metadata"] as? [String: Any] ?? [:]
        let namespace = target.namespace ?? ""
        if target.type.namespaced {
            if let given = metadata["namespace"] as? String, !given.isEmpty, given != namespace {
                respond(context, status: .badRequest, json: Self.status(400, reason: "BadRequest", message: "the namespace of the provided object does not match the namespace sent on the request"))
                return
            }
            metadata["namespace"] = namespace
        }
        metadata["creationTimestamp"] = ISO8601DateFormatter().string(from: Date())
        object["metadata"] = metadata
        guard let name = metadata["name"] as? String, !name.isEmpty else {
            respond(context, status: .unprocessableEntity, json: Self.status(422, reason: "Invalid", message: "\(target.type.kind).\(target.type.group) \"\" is invalid: metadata.name: Required value: name or generateName is required"))
            return
        }
        guard server.store.get(target.type, namespace: namespace, name: name) == nil else {
            respond(context, status: .conflict, json: Self.status(409, reason: "AlreadyExists", message: "\(target.type.qualified) \"\(name)\" already exists", details: ["name": name, "group": target.type.group, "kind": target.type.plural]))
            return
        }
        guard let json = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else {
            respond(context, status: .internalServerError, json: Self.status(500, reason: "InternalError", message: "the object cannot be written as JSON"))
            return
        }
        let admitted = ValidatingAdmission.Admitted(
            type: target.type, namespace: namespace, name: name, object: json, user: user, dryRun: query["dryRun"] == "All")
        Self.admit(admitted, json: json, store: server.store, channel: context.channel)
    }

    private static func admit(_ admitted: ValidatingAdmission.Admitted, json: Data, store: ObjectStore, channel: Channel) {
        Task { await answer(admitted, json: json, store: store, channel: channel) }
    }

    private static func answer(_ admitted: ValidatingAdmission.Admitted, json: Data, store: ObjectStore, channel: Channel) async {
        switch await ValidatingAdmission.review(admitted, store: store) {
        case .rejected(let code, let status):
            respond(channel: channel, status: HTTPResponseStatus(statusCode: code), data: status)
        case .allowed(let warnings):
            // The API server's Warning headers: code 299, agent "-", the text quoted.
            let headers = warnings.map { ("Warning", "299 - \"\($0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\"") }
            guard !admitted.dryRun else {
                respond(channel: channel, status: .created, data: json, headers: headers)
                return
            }
            do {
                // Checked again as it is stored: another create may have won while the webhooks ran.
                guard let stored = try store.create(json: json) else {
                    let details = ["name": admitted.name, "group": admitted.type.group, "kind": admitted.type.plural]
                    respond(channel: channel, status: .conflict, data: status(409, reason: "AlreadyExists", message: "\(admitted.type.qualified) \"\(admitted.name)\" already exists", details: details))
                    return
                }
                respond(channel: channel, status: .created, data: stored.json, headers: headers)
            } catch {
                respond(channel: channel, status: .badRequest, data: status(400, reason: "BadRequest", message: "\(error)"))
            }
        }
    }

    // MARK: list and watch

    private func list(_ target: Target, labels: Selector?, fields: Selector?, query: [String: String], context: ChannelHandlerContext) {
        var offset = 0
        if let token = query["continue"], !token.isEmpty {
            guard let decoded = Data(base64Encoded: token).flatMap({ String(data: $0, encoding: .utf8) }),
                let colon = decoded.firstIndex(of: ":"), let revision = Int(decoded[..<colon]),
                let start = Int(decoded[decoded.index(after: colon)...])
            else {
                respond(context, status: .badRequest, json: Self.status(400, reason: "BadRequest", message: "continue key is not valid"))
                return
            }
            if server.store.isCompacted(revision) {
                respond(context, status: .gone, json: Self.status(410, reason: "Expired", message: "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter."))
                return
            }
            offset = start
        }
        let (items, revision) = server.store.list(target.type, namespace: target.namespace, labels: labels, fields: fields)
        var limit = min(Int(query["limit"] ?? "") ?? Int.max, server.configuration.maximumPage)
        if limit <= 0 { limit = server.configuration.maximumPage }
        let page = items.dropFirst(offset).prefix(limit)
        let next = offset + page.count < items.count ? Data("\(revision):\(offset + page.count)".utf8).base64EncodedString() : nil
        var metadata = "\"resourceVersion\":\"\(revision)\""
        if let next { metadata += ",\"continue\":\"\(next)\",\"remainingItemCount\":\(items.count - offset - page.count)" }
        var body = Data("{\"kind\":\"\(target.type.kind)List\",\"apiVersion\":\"\(target.type.apiVersion)\",\"metadata\":{\(metadata)},\"items\":[".utf8)
        for (index, object) in page.enumerated() {
            if index > 0 { body.append(UInt8(ascii: ",")) }
            body.append(object.itemJSON)
        }
        body.append(contentsOf: Array("]}".utf8))
        respond(context, status: .ok, data: body)
    }

    private func watch(_ target: Target, labels: Selector?, fields: Selector?, query: [String: String], context: ChannelHandlerContext) {
        let channel = context.channel
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Transfer-Encoding", value: "chunked")
        context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
        // Bookmarks and events may be queued when the stream ends: nothing follows the end.
        let finished = NIOLockedValueBox(false)
        let send: @Sendable (Data) -> Void = { line in
            channel.eventLoop.execute {
                guard !finished.withLockedValue({ $0 }) else { return }
                var buffer = channel.allocator.buffer(capacity: line.count + 1)
                buffer.writeBytes(line)
                buffer.writeInteger(UInt8(ascii: "\n"))
                channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(buffer)), promise: nil)
            }
        }
        let end: @Sendable () -> Void = {
            channel.eventLoop.execute {
                guard !finished.withLockedValue({ let was = $0; $0 = true; return was }) else { return }
                channel.writeAndFlush(HTTPServerResponsePart.end(nil), promise: nil)
            }
        }
        let from = Int(query["resourceVersion"] ?? "") ?? server.store.revision
        let id = server.store.watch(target.type, namespace: target.namespace, labels: labels, fields: fields, from: from) { event in
            var line = Data("{\"type\":\"\(event.type)\",\"object\":".utf8)
            line.append(event.object.json)
            line.append(UInt8(ascii: "}"))
            send(line)
        }
        guard let id else {
            let status = Self.status(410, reason: "Expired", message: "too old resource version: \(from) (\(server.store.revision))")
            send(Data("{\"type\":\"ERROR\",\"object\":".utf8) + status + Data("}".utf8))
            end()
            return
        }
        watchID = id
        if query["allowWatchBookmarks"] == "true" {
            let store = server.store
            let type = target.type
            bookmarks = context.eventLoop.scheduleRepeatedTask(initialDelay: server.configuration.bookmarkInterval, delay: server.configuration.bookmarkInterval) { _ in
                send(Data("{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"\(type.kind)\",\"apiVersion\":\"\(type.apiVersion)\",\"metadata\":{\"resourceVersion\":\"\(store.revision)\"}}}".utf8))
            }
        }
        if let seconds = Int(query["timeoutSeconds"] ?? ""), seconds > 0 {
            let store = server.store
            context.eventLoop.assumeIsolated().scheduleTask(in: .seconds(Int64(seconds))) { [self] in
                store.stopWatching(id)
                watchID = nil
                bookmarks?.cancel()
                bookmarks = nil
                end()
            }
        }
    }

    // MARK: discovery

    private func discovery(_ parts: [String]) -> Data? {
        func json(_ object: Any) -> Data? { try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) }
        func resources(group: String, version: String) -> Data? {
            let list = ResourceCatalog.all.filter { $0.group == group && $0.version == version }
            guard !list.isEmpty else { return nil }
            return json([
                "kind": "APIResourceList", "apiVersion": "v1", "groupVersion": group.isEmpty ? version : "\(group)/\(version)",
                "resources": list.map { type in
                    [
                        "name": type.plural, "singularName": type.kind.lowercased(), "namespaced": type.namespaced, "kind": type.kind,
                        "verbs": ["create", "get", "list", "watch"], "shortNames": type.shortNames,
                    ] as [String: Any]
                },
            ])
        }
        switch parts {
        case ["version"]:
            return json(["major": "1", "minor": "32", "gitVersion": "v1.32.0-double", "platform": "linux/amd64"])
        case ["api"]:
            return json(["kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"]]])
        case ["apis"]:
            return json([
                "kind": "APIGroupList", "apiVersion": "v1",
                "groups": ResourceCatalog.groups.map { group in
                    let version = ["groupVersion": "\(group)/v1", "version": "v1"]
                    return ["name": group, "versions": [version], "preferredVersion": version] as [String: Any]
                },
            ])
        case let path where path.count == 2 && path[0] == "api":
            return resources(group: "", version: path[1])
        case let path where path.count == 3 && path[0] == "apis":
            return resources(group: path[1], version: path[2])
        default:
            return nil
        }
    }

    // MARK: responses

    static func status(_ code: Int, reason: String, message: String, details: [String: String]? = nil) -> Data {
        var object: [String: Any] = ["kind": "Status", "apiVersion": "v1", "metadata": [String: String](), "status": "Failure", "message": message, "reason": reason, "code": code]
        if let details { object["details"] = details }
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    }

    private func respond(_ context: ChannelHandlerContext, status: HTTPResponseStatus, json: Data, headers extra: [(String, String)] = []) {
        respond(context, status: status, data: json, headers: extra)
    }

    private func respond(_ context: ChannelHandlerContext, status: HTTPResponseStatus, data: Data, headers extra: [(String, String)] = []) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Content-Length", value: String(data.count))
        for (name, value) in extra { headers.add(name: name, value: value) }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: data)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
