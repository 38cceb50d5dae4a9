/// Identifies a Kubernetes object as users write it: apiVersion, kind, namespace and name.
public struct ObjectRef: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var apiVersion: String
    public var kind: String
    /// Empty for cluster-scoped kinds such as IngressClass.
    public var namespace: String
    public var name: String

    public init(apiVersion: String, kind: String, namespace: String, name: String) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.namespace = namespace
        self.name = name
    }

    /// `namespace/name`, or the bare name for cluster-scoped objects.
    public var qualifiedName: String { namespace.isEmpty ? name : "\(namespace)/\(name)" }

    public var description: String { "\(kind) \(qualifiedName)" }

    /// The same object, whichever apiVersion each reference was read through.
    public func isSameObject(as other: ObjectRef) -> Bool {
        kind == other.kind && namespace == other.namespace && name == other.name
    }

    public static func < (lhs: ObjectRef, rhs: ObjectRef) -> Bool {
        (lhs.kind, lhs.namespace, lhs.name) < (rhs.kind, rhs.namespace, rhs.name)
    }
}

/// Where an object came from: the file, the document within it, and the object's first line.
public struct ObjectSource: Hashable, Sendable {
    public var file: String
    /// 0-based index of the YAML document in the file (items of a List share their document).
    public var documentIndex: Int
    public var location: SourceLocation
    /// Where the `apiVersion` value is written (the object's location when it is not).
    public var apiVersionLocation: SourceLocation

    public init(file: String, documentIndex: Int, location: SourceLocation, apiVersionLocation: SourceLocation? = nil) {
        self.file = file
        self.documentIndex = documentIndex
        self.location = location
        self.apiVersionLocation = apiVersionLocation ?? location
    }
}
