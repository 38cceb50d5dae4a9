import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import NIOSSL
import X509

/// Creates, through the validating webhooks of `ValidatingAdmission`.
extension APIRequestHandler {
    /// POST to a collection: the object must name itself and not exist yet; the validating
    /// webhooks are called, then it is stored (not with `dryRun=All`) and answered with 201.
    func create(_ target: Target, body: Data, query: [String: String], user: String, context: ChannelHandlerContext) {
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
}
