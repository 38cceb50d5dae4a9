import IngressModel
import StructuredText

/// Turns one YAML document into objects: checks identity and schema, expands `kind: List`, and
/// decodes the kinds the analysis reads.
struct ManifestDecoder {
    var file: String
    var defaultNamespace: String
    let fieldNames = FieldNames()

    struct Output {
        var objects: [ManifestObject] = []
        var issues: [LoadIssue] = []
        var sensitiveLines: [ClosedRange<Int>] = []
        /// Documents that are not Kubernetes objects at all (Helm values, tool configuration).
        var skipped: [SkippedInput] = []
    }

    static let clusterScopedKinds: Set<String> = ["IngressClass", "Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "PersistentVolume", "StorageClass", "PriorityClass", "APIService", "Node"]

    func decode(document root: YAMLNode, index: Int, endLine: Int, into output: inout Output) {
        let at = SourceLocation(file: file, line: root.line, column: root.column)
        guard root.pairs != nil else {
            output.issues.append(LoadIssue(
                .invalid, "document is \(root.resolvedType.article), not a Kubernetes object (a mapping with apiVersion, kind and metadata)",
                at: at, hint: root.items != nil
                    ? "check the indentation: a top-level `- ` makes the document a list"
                    : "a Kubernetes object is a mapping of keys to values: check that the file is a manifest, and that each key has its `:`"))
            return
        }
        // Redact before any check can bail out: an invalid Secret still holds key material.
        if root["kind"]?.text == "Secret" {
            output.sensitiveLines.append(contentsOf: Self.secretValueLines(root, endLine: endLine))
        }
        // YAML of other tools in a manifests folder (values files, CI configuration, expectations)
        // is none of our business; an object with any of these keys is, and must be complete.
        if root["apiVersion"] == nil && root["kind"] == nil && root["metadata"] == nil {
            output.skipped.append(SkippedInput(path: "\(file):\(root.line)", reason: "not a Kubernetes object (no apiVersion, kind or metadata)"))
            return
        }
        guard let kindNode = root["kind"], let kind = kindNode.stringValue, !kind.isEmpty else {
            output.issues.append(LoadIssue(.invalid, "object has no `kind`", at: at, field: "kind", hint: "every object needs `apiVersion` and `kind`"))
            return
        }
        guard let apiVersion = root["apiVersion"]?.stringValue, !apiVersion.isEmpty else {
            output.issues.append(LoadIssue(.invalid, "\(kind) has no `apiVersion`", at: at, field: "apiVersion", hint: "e.g. `apiVersion: networking.k8s.io/v1` for an Ingress"))
            return
        }
        if kind.hasSuffix("List"), let items = root["items"] {
            guard let list = items.items else {
                output.issues.append(LoadIssue(.invalid, "items: expected a list, got \(items.resolvedType.article)", at: SourceLocation(file: file, line: items.line, column: items.column), field: "items"))
                return
            }
            for (position, item) in list.enumerated() {
                let itemEnd = position + 1 < list.count ? list[position + 1].line - 1 : endLine
                decode(document: item, index: index, endLine: itemEnd, into: &output)
            }
            return
        }
        decodeObject(root, kind: kind, apiVersion: apiVersion, index: index, endLine: endLine, into: &output)
    }

    private func decodeObject(_ root: YAMLNode, kind: String, apiVersion: String, index: Int, endLine: Int, into output: inout Output) {
        fieldNames.objectBegins()
        let context = DecodingContext(file: file, documentIndex: index, defaultNamespace: defaultNamespace, endLine: endLine, fieldNames: fieldNames)
        let metadata = context.decodeMetadata(root)
        let clusterScoped = Self.clusterScopedKinds.contains(kind)
        let namespace = clusterScoped ? "" : (metadata.namespace?.value ?? defaultNamespace)
        let name = metadata.name?.value ?? ""
        let ref = ObjectRef(apiVersion: apiVersion, kind: kind, namespace: namespace, name: name)
        let source = ObjectSource(
            file: file, documentIndex: index, location: context.location(root),
            apiVersionLocation: root["apiVersion"].map(context.location))

        let schema = Self.schema(kind: kind, apiVersion: apiVersion)
        var validator = SchemaValidator(file: file, object: ref)
        validator.validate(root, against: schema, field: "")
        output.issues.append(contentsOf: validator.issues)

        if root["metadata"].map({ $0.pairs == nil }) ?? true {
            output.issues.append(LoadIssue(.invalid, "\(kind) has no `metadata`", at: source.location, field: "metadata", object: ref, hint: "add `metadata:` with a `name`"))
        } else if name.isEmpty && metadata.generateName == nil {
            output.issues.append(LoadIssue(.invalid, "metadata.name: Required value: name or generateName is required", at: metadata.name?.location ?? metadata.location, field: "metadata.name", object: ref))
        }

        let payload: ManifestObject.Payload
        switch (kind, IngressAPIVersion(rawValue: apiVersion)) {
        case ("Ingress", .some(let version)):
            payload = .ingress(IngressDecoder(context: context, version: version).decode(root, ref: ref, source: source, metadata: metadata))
        case ("Service", _) where apiVersion == "v1":
            payload = .service(ServiceDecoder(context: context).decode(root, ref: ref, source: source, metadata: metadata))
        case ("Secret", _) where apiVersion == "v1":
            payload = .secret(SecretDecoder(context: context).decode(root, ref: ref, source: source, metadata: metadata))
        case ("IngressClass", _) where apiVersion == "networking.k8s.io/v1" || apiVersion == "networking.k8s.io/v1beta1":
            payload = .ingressClass(IngressClassDecoder(context: context).decode(root, ref: ref, source: source, metadata: metadata))
        case ("EndpointSlice", _) where apiVersion == "discovery.k8s.io/v1" || apiVersion == "discovery.k8s.io/v1beta1":
            payload = .endpoints(EndpointSliceDecoder(context: context).decode(root, ref: ref, source: source, metadata: metadata))
        case ("Endpoints", _) where apiVersion == "v1":
            payload = .endpoints(EndpointsDecoder(context: context).decode(root, ref: ref, source: source, metadata: metadata))
        case ("Pod", _) where apiVersion == "v1":
            payload = .pod(PodDecoder(context: context).decode(root, ref: ref, source: source, metadata: metadata))
        default:
            payload = .other(UntypedObject(ref: ref, source: source, metadata: metadata))
        }
        output.objects.append(ManifestObject(payload))
    }

    /// Lines from each `data`/`stringData` key to the next top-level key (or the object's end).
    static func secretValueLines(_ root: YAMLNode, endLine: Int) -> [ClosedRange<Int>] {
        let topKeys = (root.pairs ?? []).map(\.key.line).sorted()
        var ranges: [ClosedRange<Int>] = []
        for section in ["data", "stringData"] {
            guard let entry = root.entry(section) else { continue }
            let start = entry.key.line
            let end = (topKeys.first { $0 > start }).map { $0 - 1 } ?? endLine
            ranges.append(start...max(start, end))
        }
        return ranges
    }

    static func schema(kind: String, apiVersion: String) -> FieldSchema {
        switch (kind, apiVersion) {
        case ("Ingress", "networking.k8s.io/v1"): return KubernetesSchemas.ingressV1
        case ("Ingress", "networking.k8s.io/v1beta1"), ("Ingress", "extensions/v1beta1"): return KubernetesSchemas.ingressV1beta1
        case ("IngressClass", "networking.k8s.io/v1"): return KubernetesSchemas.ingressClassV1
        case ("IngressClass", "networking.k8s.io/v1beta1"): return KubernetesSchemas.ingressClassV1beta1
        case ("Service", "v1"): return KubernetesSchemas.service
        case ("Secret", "v1"): return KubernetesSchemas.secret
        default: return KubernetesSchemas.anyObject
        }
    }
}
