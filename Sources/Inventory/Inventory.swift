import IngressModel


/// The objects under analysis, indexed by kind, namespace and name.
///
/// Objects keep the order they were read in; lookups go through dictionaries so that rules never
/// scan the whole set to resolve a reference. When the same object is defined twice the first
/// definition is the one lookups return, and `duplicates` lists the later ones.
public struct Inventory: Sendable {
    public private(set) var objects: [ManifestObject] = []
    public private(set) var ingresses: [Ingress] = []
    public private(set) var services: [Service] = []
    public private(set) var secrets: [Secret] = []
    public private(set) var ingressClasses: [IngressClass] = []
    /// EndpointSlices and Endpoints objects.
    public private(set) var serviceEndpoints: [ServiceEndpoints] = []
    public private(set) var pods: [Pod] = []
    /// Later definitions of an object already defined, with the definition they replaced.
    public private(set) var duplicates: [(duplicate: ManifestObject, first: ManifestObject)] = []
    /// Objects of kinds the analysis does not read, counted for the summary.
    public private(set) var ignoredCount = 0

    /// Each named object's position in `objects` and in its kind's array: one index, as two had
    /// been two 4.7 MB tables at 10,000 Ingresses.
    private var objectIndex: [Key: Position] = [:]
    private var serviceIndex: [NamespacedName: Int] = [:]
    private var secretIndex: [NamespacedName: Int] = [:]
    private var classIndex: [String: Int] = [:]
    private var endpointsIndex: [NamespacedName: [Int]] = [:]
    private var podIndex: [String: [Int]] = [:]

    /// 32-bit: 2^31 objects would take terabytes before this could wrap, and the table is smaller.
    struct Position {
        private var storedObject: Int32
        private var storedPayload: Int32

        init(object: Int, payload: Int?) {
            storedObject = Int32(truncatingIfNeeded: object)
            storedPayload = payload.map { Int32(truncatingIfNeeded: $0) } ?? -1
        }

        var object: Int { Int(storedObject) }
        /// In the kind's array; nil for kinds the analysis does not read.
        var payload: Int? { storedPayload < 0 ? nil : Int(storedPayload) }
    }

    struct Key: Hashable {
        var group: String
        var kind: String
        var namespace: String
        var name: String
    }

    public struct NamespacedName: Hashable, Sendable {
        public var namespace: String
        public var name: String
        public init(namespace: String, name: String) {
            self.namespace = namespace
            self.name = name
        }
    }

    public init(_ objects: [ManifestObject] = []) {
        reserve(objects, [])
        for object in objects { add(object) }
    }

    /// Room for the objects at once, in every kind's array and index: grown by doubling instead,
    /// the indexes were rehashed a dozen times while a large lint waited on this one core.
    private mutating func reserve(_ first: [ManifestObject], _ second: [ManifestObject]) {
        var counts = (ingresses: 0, services: 0, secrets: 0)
        for object in [first, second].joined() {
            switch object.payload {
            case .ingress: counts.ingresses += 1
            case .service: counts.services += 1
            case .secret: counts.secrets += 1
            default: break
            }
        }
        objects.reserveCapacity(first.count + second.count)
        objectIndex.reserveCapacity(first.count + second.count)
        ingresses.reserveCapacity(counts.ingresses)
        services.reserveCapacity(counts.services)
        serviceIndex.reserveCapacity(counts.services)
        secrets.reserveCapacity(counts.secrets)
        secretIndex.reserveCapacity(counts.secrets)
    }

    /// Files laid over a cluster's objects (live or from a snapshot): a file object replaces the
    /// cluster's object of the same kind, namespace and name, as applying the file would, and new
    /// ones are added. Two definitions within the files are still duplicates.
    public init(base: [ManifestObject], overlay files: [ManifestObject]) {
        reserve(base, files)
        for object in base { add(object) }
        var fromFiles: Set<Key> = []
        for object in files {
            let key = Key(group: Self.group(of: object.ref), kind: object.ref.kind, namespace: object.ref.namespace, name: object.ref.name)
            if !object.ref.name.isEmpty, !fromFiles.contains(key), let existing = objectIndex[key] {
                objects[existing.object] = object
                if let position = existing.payload { replacePayload(at: position, with: object.payload) }
                replacedCount += 1
            } else {
                add(object)
            }
            fromFiles.insert(key)
        }
    }

    /// Cluster objects that files replaced (see `init(base:overlay:)`).
    public private(set) var replacedCount = 0

    public mutating func add(_ object: ManifestObject) {
        // Read once: each read of a ManifestObject's ref is a switch over its kind and a copy.
        let ref = object.ref
        // Versions of one group name the same object (extensions and networking share Ingress).
        let key = Key(group: Self.group(of: ref), kind: ref.kind, namespace: ref.namespace, name: ref.name)
        if !ref.name.isEmpty, let existing = objectIndex[key] {
            duplicates.append((object, objects[existing.object]))
            objects[existing.object] = object
            if let position = existing.payload { replacePayload(at: position, with: object.payload) }
            return
        }
        let position = objects.count
        objects.append(object)
        var payloadPosition: Int?
        let name = NamespacedName(namespace: ref.namespace, name: ref.name)
        switch object.payload {
        case .ingress(let ingress):
            payloadPosition = ingresses.count
            ingresses.append(ingress)
        case .service(let service):
            payloadPosition = services.count
            serviceIndex[name] = services.count
            services.append(service)
        case .secret(let secret):
            payloadPosition = secrets.count
            secretIndex[name] = secrets.count
            secrets.append(secret)
        case .ingressClass(let ingressClass):
            payloadPosition = ingressClasses.count
            classIndex[ref.name] = ingressClasses.count
            ingressClasses.append(ingressClass)
        case .endpoints(let endpoints):
            payloadPosition = serviceEndpoints.count
            if let service = endpoints.serviceName {
                endpointsIndex[NamespacedName(namespace: ref.namespace, name: service), default: []].append(serviceEndpoints.count)
            }
            serviceEndpoints.append(endpoints)
        case .pod(let pod):
            payloadPosition = pods.count
            podIndex[ref.namespace, default: []].append(pods.count)
            pods.append(pod)
        case .other:
            ignoredCount += 1
        }
        if !ref.name.isEmpty { objectIndex[key] = Position(object: position, payload: payloadPosition) }
    }

    private mutating func replacePayload(at position: Int, with payload: ManifestObject.Payload) {
        switch payload {
        case .ingress(let ingress): ingresses[position] = ingress
        case .service(let service): services[position] = service
        case .secret(let secret): secrets[position] = secret
        case .ingressClass(let ingressClass): ingressClasses[position] = ingressClass
        case .endpoints(let endpoints): serviceEndpoints[position] = endpoints
        case .pod(let pod): pods[position] = pod
        case .other: break
        }
    }

    static func group(of ref: ObjectRef) -> String {
        if ref.kind == "Ingress" { return "ingress" }
        let apiVersion = ref.apiVersion.utf8
        guard let slash = apiVersion.firstIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(Substring(apiVersion[..<slash]))
    }

    public func service(namespace: String, name: String) -> Service? {
        serviceIndex[NamespacedName(namespace: namespace, name: name)].map { services[$0] }
    }

    public func secret(namespace: String, name: String) -> Secret? {
        secretIndex[NamespacedName(namespace: namespace, name: name)].map { secrets[$0] }
    }

    public func ingressClass(named name: String) -> IngressClass? {
        classIndex[name].map { ingressClasses[$0] }
    }

    /// The Service's EndpointSlices, or its Endpoints object when it has no slice (clusters and
    /// manifests from before EndpointSlices); empty when the inputs say nothing about its endpoints.
    public func endpoints(namespace: String, service: String) -> [ServiceEndpoints] {
        guard let positions = endpointsIndex[NamespacedName(namespace: namespace, name: service)] else { return [] }
        // Asked by several rules for every backend of every admission: one array, not three.
        let slicesOnly = positions.contains { serviceEndpoints[$0].origin == .endpointSlice }
        var chosen: [ServiceEndpoints] = []
        chosen.reserveCapacity(positions.count)
        for position in positions where !slicesOnly || serviceEndpoints[position].origin == .endpointSlice {
            chosen.append(serviceEndpoints[position])
        }
        return chosen
    }

    /// Ready addresses behind one port of a Service (slices and subsets list ports by the Service
    /// port's name); nil when the inputs have no endpoints for the Service at all.
    public func readyAddresses(namespace: String, service: String, portName: String?) -> [EndpointAddress]? {
        let objects = endpoints(namespace: namespace, service: service)
        guard !objects.isEmpty else { return nil }
        let wanted = portName ?? ""
        var ready: [EndpointAddress] = []
        for object in objects {
            for group in object.groups where group.ports.contains(where: { $0.name == wanted }) {
                for address in group.addresses where address.ready { ready.append(address) }
            }
        }
        return ready
    }

    /// Ready addresses with the port each serves the Service port on (the slice's or subset's port
    /// of that name); nil when the inputs have no endpoints for the Service.
    public func readyEndpoints(namespace: String, service: String, portName: String?) -> [(address: String, port: Int?)]? {
        let objects = endpoints(namespace: namespace, service: service)
        guard !objects.isEmpty else { return nil }
        let wanted = portName ?? ""
        return objects.flatMap { object in
            object.groups.flatMap { group -> [(address: String, port: Int?)] in
                guard let port = group.ports.first(where: { $0.name == wanted }) else { return [] }
                return group.addresses.filter(\.ready).map { ($0.address, port.port) }
            }
        }
    }

    public func pods(namespace: String) -> [Pod] {
        (podIndex[namespace] ?? []).map { pods[$0] }
    }

    public var defaultIngressClasses: [IngressClass] { ingressClasses.filter(\.isDefault) }

    /// The same inventory without the Ingresses `keep` rejects (other kinds stay).
    public func keepingIngresses(_ keep: (Ingress) -> Bool) -> Inventory {
        var copy = Inventory()
        for object in objects {
            if case .ingress(let ingress) = object.payload, !keep(ingress) { continue }
            copy.add(object)
        }
        copy.duplicates = duplicates.filter { pair in
            if case .ingress(let ingress) = pair.duplicate.payload { return keep(ingress) }
            return true
        }
        return copy
    }

    /// Annotations of an object, for suppression lookups.
    public func object(_ ref: ObjectRef) -> ManifestObject? {
        let key = Key(group: Self.group(of: ref), kind: ref.kind, namespace: ref.namespace, name: ref.name)
        return objectIndex[key].map { objects[$0.object] }
    }

    /// The Ingress an object reference names, if it is one of the inventory's.
    public func ingress(_ ref: ObjectRef) -> Ingress? {
        guard let object = object(ref), case .ingress(let ingress) = object.payload else { return nil }
        return ingress
    }
}
