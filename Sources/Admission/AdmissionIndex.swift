import IngressModel
import Inventory

/// The cluster's objects indexed for admission, built once per state (not per request): an
/// admitted Ingress is checked against only what it can interact with, so the time per admission
/// does not grow with the number of Ingresses in the cluster.
public struct AdmissionIndex: Sendable {
    /// Ingresses by each host pattern they name (rules and TLS).
    private var ingressesByHost: [HostPattern: [ManifestObject]] = [:]
    /// Ingresses with an exact host, by the wildcard that covers it (`a.foo.com` under `*.foo.com`).
    private var ingressesUnderWildcard: [HostPattern: [ManifestObject]] = [:]
    /// Ingresses with a rule for every host, or a default backend: they meet every other Ingress.
    private var everywhere: [ManifestObject] = []
    private var byName: [RefKey: ManifestObject] = [:]
    private var endpointsByService: [RefKey: [ManifestObject]] = [:]
    private var podsByNamespace: [String: [ManifestObject]] = [:]
    private var ingressClasses: [ManifestObject] = []
    /// Namespace objects by name: their labels, for a policy's namespaceSelector.
    private var namespaces: [String: ManifestObject] = [:]
    public private(set) var objectCount = 0
    public private(set) var ingressCount = 0

    public init(_ objects: [ManifestObject]) {
        objectCount = objects.count
        for object in objects {
            let ref = object.ref
            byName[RefKey(ref)] = object
            switch object.payload {
            case .ingress(let ingress):
                ingressCount += 1
                let hosts = Self.hostPatterns(of: ingress)
                if Self.appliesEverywhere(ingress) { everywhere.append(object) }
                for host in hosts {
                    ingressesByHost[host, default: []].append(object)
                    if let wildcard = host.coveringWildcard { ingressesUnderWildcard[wildcard, default: []].append(object) }
                }
            case .endpoints(let endpoints):
                if let service = endpoints.serviceName { endpointsByService[RefKey(kind: "Service", namespace: ref.namespace, name: service), default: []].append(object) }
            case .pod:
                podsByNamespace[ref.namespace, default: []].append(object)
            case .ingressClass:
                ingressClasses.append(object)
            case .other where ref.kind == "Namespace":
                namespaces[ref.name] = object
            case .service, .secret, .other:
                break
            }
        }
    }

    /// The hosts an Ingress names in its rules and TLS entries; a rule without a host is `everywhere`.
    static func hostPatterns(of ingress: Ingress) -> Set<HostPattern> {
        var hosts = Set(ingress.rules.compactMap { $0.host.map { HostPattern(ruleHost: $0.value) } })
        hosts.formUnion(ingress.tls.flatMap { $0.hosts.map { HostPattern(ruleHost: $0.value) } })
        hosts.remove(.any)
        return hosts
    }

    /// An Ingress with a rule for every host, or a default backend, meets every other Ingress.
    static func appliesEverywhere(_ ingress: Ingress) -> Bool {
        ingress.rules.contains { HostPattern(ruleHost: $0.host?.value) == .any } || ingress.defaultBackend != nil
    }

    /// The objects an admitted Ingress is checked with: Ingresses sharing a host with it (exactly,
    /// or through a one-label wildcard), those that apply to every host, its Services with their
    /// endpoints and pods, its TLS Secrets, every IngressClass, and its own Namespace.
    public func related(to ingress: Ingress) -> [ManifestObject] {
        var chosen: [RefKey: ManifestObject] = [:]
        func add(_ object: ManifestObject) { chosen[RefKey(object.ref)] = object }
        let namespace = ingress.ref.namespace
        for host in Self.hostPatterns(of: ingress) {
            for object in ingressesByHost[host] ?? [] { add(object) }
            // What overlaps the host: the exact hosts a wildcard covers, the wildcard over an exact host.
            for object in ingressesUnderWildcard[host] ?? [] { add(object) }
            if let wildcard = host.coveringWildcard { for object in ingressesByHost[wildcard] ?? [] { add(object) } }
        }
        for object in everywhere { add(object) }
        if Self.appliesEverywhere(ingress) {
            // An Ingress for every host meets them all; bounded by the Ingresses of the cluster, as
            // the question it asks is about all of them.
            for list in ingressesByHost.values { for object in list { add(object) } }
        }
        for object in ingressClasses { add(object) }
        if let object = namespaces[namespace] { add(object) }
        for backend in ingress.backends {
            guard let name = backend.service?.name.value, !name.isEmpty else { continue }
            if let service = byName[RefKey(kind: "Service", namespace: namespace, name: name)] {
                add(service)
                if case .service(let typed) = service.payload, let selector = typed.selector {
                    for pod in podsByNamespace[namespace] ?? [] where selector.allSatisfy({ pod.metadata.labels[$0.key] == $0.value }) { add(pod) }
                }
            }
            for object in endpointsByService[RefKey(kind: "Service", namespace: namespace, name: name)] ?? [] { add(object) }
        }
        for entry in ingress.tls {
            if let secret = entry.secretName?.value, let object = byName[RefKey(kind: "Secret", namespace: namespace, name: secret)] { add(object) }
        }
        return chosen.keys.sorted().compactMap { chosen[$0] }
    }

    /// Kind, namespace and name: an object's identity here, in a stable order.
    struct RefKey: Hashable, Comparable {
        var kind: String
        var namespace: String
        var name: String

        init(kind: String, namespace: String, name: String) {
            self.kind = kind
            self.namespace = namespace
            self.name = name
        }

        init(_ ref: ObjectRef) {
            self.init(kind: ref.kind, namespace: ref.namespace, name: ref.name)
        }

        static func < (lhs: RefKey, rhs: RefKey) -> Bool {
            (lhs.kind, lhs.namespace, lhs.name) < (rhs.kind, rhs.namespace, rhs.name)
        }
    }
}
