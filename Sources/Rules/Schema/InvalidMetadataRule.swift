import IngressModel

/// Labels and annotations the API server rejects (ValidateObjectMeta): keys that are not qualified
/// names, label values that are not label values, and annotations over 256 KiB in all.
struct InvalidMetadataRule: Rule {
    let declaration = RuleDeclaration(id: "invalid-metadata", category: .schema, severity: .error)

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for object in context.subjectObjects {
            // The kinds ingress-guard models, as invalid-name checks them.
            if case .other = object.payload { continue }
            var annotationBytes = 0
            var largest: MetadataEntry?
            for entry in object.metadata.entries {
                let field = "metadata.\(entry.kind.rawValue)"
                switch entry.kind {
                case .annotation:
                    // The API server checks annotation keys in lower case.
                    for error in MetadataValidation.qualifiedName(MetadataValidation.lowercased(entry.key.value)) {
                        findings.append(finding(NameValidation.invalid(field, entry.key.value, error), at: entry.key, object: object.ref))
                    }
                    let bytes = entry.key.value.utf8.count + entry.value.value.utf8.count
                    annotationBytes += bytes
                    if bytes > largest.map({ $0.key.value.utf8.count + $0.value.value.utf8.count }) ?? -1 { largest = entry }
                case .label:
                    for error in MetadataValidation.qualifiedName(entry.key.value) {
                        findings.append(finding(NameValidation.invalid(field, entry.key.value, error), at: entry.key, object: object.ref))
                    }
                    for error in MetadataValidation.labelValue(entry.value.value) {
                        findings.append(finding(NameValidation.invalid(field, entry.value.value, error), at: entry.value, object: object.ref))
                    }
                }
            }
            if annotationBytes > MetadataValidation.totalAnnotationBytes, let largest {
                findings.append(finding(
                    "metadata.annotations: Too long: must have at most \(MetadataValidation.totalAnnotationBytes) bytes",
                    at: largest.value.location, object: object.ref, field: "metadata.annotations",
                    hint: "the annotations hold \(annotationBytes) bytes in all, \(largest.key.value) the most; keep large data in a ConfigMap"))
            }
        }
        return findings
    }
}
