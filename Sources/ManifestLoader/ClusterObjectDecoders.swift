import Foundation
import IngressModel
import StructuredText

/// Services, Secrets and IngressClasses, reduced to the fields the analysis reads.
struct ServiceDecoder {
    var context: DecodingContext

    func decode(_ root: YAMLNode, ref: ObjectRef, source: ObjectSource, metadata: ObjectMeta) -> Service {
        let spec = root["spec"]
        var ports: [ServicePort] = []
        for node in spec?["ports"]?.items ?? [] {
            guard let port = node["port"]?.intValue else { continue }
            var target: TargetPort?
            if let targetNode = node["targetPort"], let scalar = targetNode.scalar, !targetNode.isNull {
                if let number = targetNode.intValue {
                    target = .number(number)
                } else {
                    target = .name(scalar.text)
                }
            }
            ports.append(ServicePort(name: node["name"]?.text, port: port, targetPort: target, location: context.location(node)))
        }
        var selector: [String: String]?
        if let node = spec?["selector"], let pairs = node.pairs, !pairs.isEmpty {
            var labels: [String: String] = [:]
            for pair in pairs {
                guard let key = pair.key.text else { continue }
                labels[key] = pair.value.text ?? ""
            }
            selector = labels
        }
        return Service(
            ref: ref, source: source, metadata: metadata,
            type: spec?["type"]?.text ?? "ClusterIP", ports: ports, selector: selector,
            externalName: spec?["externalName"]?.text)
    }
}

struct SecretDecoder {
    var context: DecodingContext

    func decode(_ root: YAMLNode, ref: ObjectRef, source: ObjectSource, metadata: ObjectMeta) -> Secret {
        var keys: [String: SourceLocation] = [:]
        var values: [String: SecretValue] = [:]
        for section in ["data", "stringData"] {
            guard let entry = root.entry(section) else { continue }
            for pair in entry.value.pairs ?? [] {
                guard let key = pair.key.text else { continue }
                keys[key] = context.location(pair.key)
                let text = pair.value.isNull ? "" : (pair.value.text ?? "")
                let field = "\(section)[\(key)]"
                if section == "stringData" {
                    values[key] = SecretValue(bytes: Array(text.utf8), field: field, location: context.location(pair.key))
                } else if let bytes = Base64.decode(text) {
                    values[key] = SecretValue(bytes: bytes, field: field, location: context.location(pair.key))
                } else {
                    values[key] = SecretValue(
                        bytes: nil, field: field, location: context.location(pair.key),
                        decodingError: "\(field) is not valid base64 (values under `data` are base64; put plain text under `stringData`)")
                }
            }
        }
        return Secret(
            ref: ref, source: source, metadata: metadata,
            type: root["type"]?.text ?? "Opaque", typeLocation: root["type"].map(context.location),
            keys: keys, values: values)
    }
}

struct IngressClassDecoder {
    var context: DecodingContext

    func decode(_ root: YAMLNode, ref: ObjectRef, source: ObjectSource, metadata: ObjectMeta) -> IngressClass {
        let spec = root["spec"]
        var parameters: IngressClassParameters?
        if let node = spec?["parameters"], !node.isNull {
            let field = "spec.parameters"
            parameters = IngressClassParameters(
                apiGroup: context.text(node["apiGroup"], field: "\(field).apiGroup"),
                kind: context.text(node["kind"], field: "\(field).kind"),
                name: context.text(node["name"], field: "\(field).name"),
                scope: context.text(node["scope"], field: "\(field).scope"),
                namespace: context.text(node["namespace"], field: "\(field).namespace"),
                field: field, location: context.location(node))
        }
        return IngressClass(
            ref: ref, source: source, metadata: metadata, specLocation: context.location(spec ?? root),
            controller: context.text(spec?["controller"], field: "spec.controller"),
            parameters: parameters)
    }
}
