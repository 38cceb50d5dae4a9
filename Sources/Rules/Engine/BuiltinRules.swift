/// Every rule the binary ships, in alphabetical order of id. A test keeps this list, rules/ and the
/// README table in step.
public enum BuiltinRules {
    public static let all: [any Rule] = [
        DeprecatedAPIVersionRule(),
        DeprecatedIngressClassAnnotationRule(),
        DuplicateObjectRule(),
        EmptyIngressRule(),
        EmptyRuleRule(),
        IngressClassAnnotationMismatchRule(),
        IngressClassNotFoundRule(),
        InvalidBackendRule(),
        InvalidHostRule(),
        InvalidIngressClassRule(),
        InvalidIngressClassNameRule(),
        InvalidManifestRule(),
        InvalidNameRule(),
        InvalidPathRule(),
        InvalidPathTypeRule(),
        InvalidTLSRule(),
        MissingPathTypeRule(),
        MultipleDefaultIngressClassesRule(),
        PathUnsafeCharactersRule(),
        RegexPathNotImplementationSpecificRule(),
        ServiceNotFoundRule(),
        ServicePortNotFoundRule(),
        TLSSecretNotFoundRule(),
        UnknownFieldRule(),
    ]
}
