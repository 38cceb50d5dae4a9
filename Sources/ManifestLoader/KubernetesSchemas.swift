/// Schemas of the kinds the analysis reads, per apiVersion, reduced to what strict decoding checks.
enum KubernetesSchemas {
    static let objectMeta = FieldSchema.object(ObjectSchema([
        "name": .string, "generateName": .string, "namespace": .string, "selfLink": .string,
        "uid": .string, "resourceVersion": .string, "generation": .integer,
        "creationTimestamp": .any, "deletionTimestamp": .any, "deletionGracePeriodSeconds": .integer,
        "labels": .map(.string), "annotations": .map(.string), "ownerReferences": .any,
        "finalizers": .list(.string), "managedFields": .any, "clusterName": .string,
    ]))

    /// Objects of kinds the analysis does not own the full schema of: only metadata is strict.
    static func lenient(_ fields: [String: FieldSchema] = [:]) -> FieldSchema {
        var all = fields
        all["apiVersion"] = .string
        all["kind"] = .string
        all["metadata"] = objectMeta
        return .object(ObjectSchema(strict: false, all))
    }

    static let loadBalancerStatus = FieldSchema.object(ObjectSchema([
        "ingress": .list(.object(ObjectSchema([
            "ip": .string, "hostname": .string,
            "ports": .list(.object(ObjectSchema(["port": .integer, "protocol": .string, "error": .string]))),
        ]))),
    ]))

    static let typedLocalObjectReference = FieldSchema.object(ObjectSchema([
        "apiGroup": .string, "kind": .string, "name": .string,
    ]))

    // Built once: a schema is a tree of dictionaries, and building one per document was a twentieth
    // of an admission's decoding time.
    static let ingressV1 = ingress(beta: false)
    static let ingressV1beta1 = ingress(beta: true)
    static let ingressClassV1 = ingressClass(beta: false)
    static let ingressClassV1beta1 = ingressClass(beta: true)
    static let anyObject = lenient()

    static func ingress(beta: Bool) -> FieldSchema {
        let backend: FieldSchema
        let specHints: [String: String]
        if beta {
            backend = .object(ObjectSchema(
                hints: ["service": "`service` is the networking.k8s.io/v1 shape; in v1beta1 write `serviceName` and `servicePort`, or move to apiVersion networking.k8s.io/v1"],
                ["serviceName": .string, "servicePort": .intOrString, "resource": typedLocalObjectReference]))
            specHints = ["defaultBackend": "`defaultBackend` is the networking.k8s.io/v1 name; in v1beta1 it is `backend`"]
        } else {
            backend = .object(ObjectSchema(
                hints: [
                    "serviceName": "in networking.k8s.io/v1 the Service is `service.name` (serviceName/servicePort are v1beta1 fields)",
                    "servicePort": "in networking.k8s.io/v1 the port is `service.port.number` or `service.port.name`",
                ],
                [
                    "service": .object(ObjectSchema(
                        [
                            "name": .string,
                            "port": .object(ObjectSchema(
                                hints: ["targetPort": "an Ingress names the Service's own port, not its targetPort"],
                                ["name": .string, "number": .integer])),
                        ])),
                    "resource": typedLocalObjectReference,
                ]))
            specHints = ["backend": "in networking.k8s.io/v1 the default backend is `spec.defaultBackend`"]
        }
        let path = FieldSchema.object(ObjectSchema(["path": .string, "pathType": .string, "backend": backend]))
        let rule = FieldSchema.object(ObjectSchema([
            "host": .string,
            "http": .object(ObjectSchema(["paths": .list(path)])),
        ]))
        var spec: [String: FieldSchema] = [
            "ingressClassName": .string,
            "tls": .list(.object(ObjectSchema(
                hints: ["secret": "the field is `secretName`"],
                ["hosts": .list(.string), "secretName": .string]))),
            "rules": .list(rule),
        ]
        spec[beta ? "backend" : "defaultBackend"] = backend
        return .object(ObjectSchema([
            "apiVersion": .string, "kind": .string, "metadata": objectMeta,
            "spec": .object(ObjectSchema(hints: specHints, spec)),
            "status": .object(ObjectSchema(["loadBalancer": loadBalancerStatus])),
        ]))
    }

    static func ingressClass(beta: Bool) -> FieldSchema {
        var parameters: [String: FieldSchema] = ["apiGroup": .string, "kind": .string, "name": .string]
        if !beta {
            parameters["scope"] = .string
            parameters["namespace"] = .string
        }
        return .object(ObjectSchema([
            "apiVersion": .string, "kind": .string, "metadata": objectMeta,
            "spec": .object(ObjectSchema(["controller": .string, "parameters": .object(ObjectSchema(parameters))])),
        ]))
    }

    static let service = lenient([
        "spec": .object(ObjectSchema(strict: false, [
            "type": .string,
            "ports": .list(.object(ObjectSchema(strict: false, [
                "name": .string, "port": .integer, "targetPort": .intOrString, "protocol": .string, "nodePort": .integer,
            ]))),
            "selector": .map(.string),
        ])),
    ])

    static let secret = lenient([
        "type": .string, "data": .map(.string), "stringData": .map(.string), "immutable": .boolean,
    ])
}
