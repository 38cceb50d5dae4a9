import Foundation
import KubeClient
import NIOHTTP1
import NIOCore
import NIOFoundationCompat
import NIOSSL

/// What the API server does with a create before storing it: call each validating webhook of the
/// stored ValidatingWebhookConfigurations whose rules match, and turn a denial into the Status a
/// client sees (`ToStatusErr`, then the `<resource> "<name>" is forbidden: ` prefix of newer
/// servers). Webhooks are called by `clientConfig.url` with `caBundle` as the only trust root;
/// `service` references, namespace and object selectors and `matchConditions` are not evaluated
/// (the double has no cluster network and no CEL).
enum ValidatingAdmission {
    enum Outcome {
        case allowed(warnings: [String])
        /// The Status to answer with, and its HTTP code.
        case rejected(code: Int, status: Data)
    }

    struct Webhook {
        var name: String
        var url: String
        var caPEM: [UInt8]?
        var timeout: TimeAmount
        var failClosed: Bool
    }

    struct Admitted {
        var type: ResourceType
        var namespace: String
        var name: String
        /// The object as created (JSON).
        var object: Data
        var user: String
        var dryRun: Bool
    }

    static func review(_ admitted: Admitted, store: ObjectStore) async -> Outcome {
        var warnings: [String] = []
        for webhook in webhooks(for: admitted.type, operation: "CREATE", in: store) {
            switch await call(webhook, admitted) {
            case .success(let answer):
                warnings += answer.warnings
                if !answer.allowed { return rejection(webhook: webhook.name, answer: answer, admitted: admitted) }
            case .failure(let failure):
                guard webhook.failClosed else { continue }
                let message = "Internal error occurred: failed calling webhook \"\(webhook.name)\": failed to call webhook: \(failure.message)"
                return .rejected(code: 500, status: APIRequestHandler.status(500, reason: "InternalError", message: message))
            }
        }
        return .allowed(warnings: warnings)
    }

    /// The webhooks whose rules cover this resource and operation, in configuration name order.
    static func webhooks(for type: ResourceType, operation: String, in store: ObjectStore) -> [Webhook] {
        guard let configurationType = ResourceCatalog.find(group: "admissionregistration.k8s.io", version: "v1", plural: "validatingwebhookconfigurations")
        else { return [] }
        var found: [Webhook] = []
        for stored in store.list(configurationType, namespace: nil, labels: nil, fields: nil).items {
            guard let object = (try? JSONSerialization.jsonObject(with: stored.json)) as? [String: Any] else { continue }
            for webhook in object["webhooks"] as? [[String: Any]] ?? [] {
                let rules = webhook["rules"] as? [[String: Any]] ?? []
                let matches = rules.contains { rule in
                    func covers(_ key: String, _ value: String) -> Bool {
                        let listed = rule[key] as? [String] ?? []
                        return listed.contains("*") || listed.contains(value)
                    }
                    return covers("operations", operation) && covers("apiGroups", type.group) && covers("apiVersions", type.version)
                        && covers("resources", type.plural)
                }
                guard matches, let name = webhook["name"] as? String else { continue }
                let client = webhook["clientConfig"] as? [String: Any] ?? [:]
                let bundle = (client["caBundle"] as? String).flatMap { Data(base64Encoded: $0) }.map { Array($0) }
                let seconds = webhook["timeoutSeconds"] as? Int ?? 10
                found.append(Webhook(
                    name: name, url: client["url"] as? String ?? "", caPEM: bundle, timeout: .seconds(Int64(seconds)),
                    failClosed: (webhook["failurePolicy"] as? String ?? "Fail") == "Fail"))
            }
        }
        return found
    }

    struct Answer {
        var allowed: Bool
        var code: Int
        var message: String
        var reason: String
        var warnings: [String]
    }

    struct Failure: Error {
        var message: String
    }

    static func call(_ webhook: Webhook, _ admitted: Admitted) async -> Result<Answer, Failure> {
        guard !webhook.url.isEmpty else { return .failure(Failure(message: "the double calls webhooks by clientConfig.url only")) }
        var tls = TLSConfiguration.makeClientConfiguration()
        if let pem = webhook.caPEM {
            guard let roots = try? NIOSSLCertificate.fromPEMBytes(pem) else { return .failure(Failure(message: "caBundle is not PEM")) }
            tls.trustRoots = .certificates(roots)
        }
        guard let url = URL(string: webhook.url), let transport = try? HTTPTransport(origin: url, tls: tls) else {
            return .failure(Failure(message: "Post \"\(webhook.url)\": not a URL the double can call"))
        }
        let target = (url.path.isEmpty ? "/" : url.path) + (url.query.map { "?\($0)" } ?? "")
        let result = await call(webhook, admitted, transport: transport, target: target)
        await transport.shutdown()
        return result
    }

    private static func call(_ webhook: Webhook, _ admitted: Admitted, transport: HTTPTransport, target: String) async -> Result<Answer, Failure> {
        let object = (try? JSONSerialization.jsonObject(with: admitted.object)) ?? NSNull()
        let uid = UUID().uuidString.lowercased()
        let kind: [String: Any] = ["group": admitted.type.group, "version": admitted.type.version, "kind": admitted.type.kind]
        let resource: [String: Any] = ["group": admitted.type.group, "version": admitted.type.version, "resource": admitted.type.plural]
        let request: [String: Any] = [
            "uid": uid, "kind": kind, "resource": resource, "requestKind": kind, "requestResource": resource,
            "name": admitted.name, "namespace": admitted.namespace, "operation": "CREATE", "userInfo": ["username": admitted.user],
            "object": object, "oldObject": NSNull(), "dryRun": admitted.dryRun,
            "options": ["apiVersion": "meta.k8s.io/v1", "kind": "CreateOptions"],
        ]
        let review: [String: Any] = ["apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": request]
        do {
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "application/json")
            let response = try await transport.execute(
                .POST, target, headers: headers, body: ByteBuffer(data: try JSONSerialization.data(withJSONObject: review)), limit: 3 * 1024 * 1024,
                deadline: .now() + webhook.timeout)
            let body = response.body
            guard response.status == .ok else { return .failure(Failure(message: "Post \"\(webhook.url)\": the server answered \(response.status.code)")) }
            guard let object = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any],
                let answer = object["response"] as? [String: Any]
            else { return .failure(Failure(message: "the response is not an AdmissionReview")) }
            guard answer["uid"] as? String == uid else {
                return .failure(Failure(message: "expected response.uid=\"\(uid)\", got \"\(answer["uid"] as? String ?? "")\""))
            }
            let status = answer["status"] as? [String: Any] ?? [:]
            return .success(Answer(
                allowed: answer["allowed"] as? Bool ?? false, code: status["code"] as? Int ?? 0, message: status["message"] as? String ?? "",
                reason: status["reason"] as? String ?? "", warnings: answer["warnings"] as? [String] ?? []))
        } catch {
            return .failure(Failure(message: "Post \"\(webhook.url)\": \(error)"))
        }
    }

    /// `ToStatusErr`: the webhook's status, its message after `admission webhook "NAME" denied the
    /// request`, then the resource prefix the API server puts on every admission error.
    static func rejection(webhook: String, answer: Answer, admitted: Admitted) -> Outcome {
        let code = answer.code == 0 ? 403 : answer.code
        let deniedBy = "admission webhook \"\(webhook)\" denied the request"
        let explanation: String
        if !answer.message.isEmpty {
            explanation = "\(deniedBy): \(answer.message)"
        } else if !answer.reason.isEmpty {
            explanation = "\(deniedBy): \(answer.reason)"
        } else {
            explanation = "\(deniedBy) without explanation"
        }
        let message = code == 500
            ? "Internal error occurred: \(explanation)"
            : "\(admitted.type.qualified) \"\(admitted.name)\" is forbidden: \(explanation)"
        let reason = answer.reason.isEmpty ? (code == 500 ? "InternalError" : "Forbidden") : answer.reason
        let details = ["name": admitted.name, "group": admitted.type.group, "kind": admitted.type.plural]
        return .rejected(code: code, status: APIRequestHandler.status(code, reason: reason, message: message, details: details))
    }
}
