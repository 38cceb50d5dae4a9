import IngressModel

/// A backend's Service port with no ready endpoint: the controller answers 503. Judged from the
/// EndpointSlices (or Endpoints) of the inputs; with cluster state a Service without any has none.
struct ServiceNoEndpointsRule: Rule {
    let declaration = RuleDeclaration(id: "service-no-endpoints", category: .cluster, severity: .error, inputs: [.endpoints])

    func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        var seen: Set<String> = []
        for backend in context.backendServicePorts {
            // ExternalName Services resolve by DNS and have no endpoints.
            guard backend.service.type != "ExternalName" else { continue }
            let namespace = backend.service.ref.namespace
            let listed = context.inventory.endpoints(namespace: namespace, service: backend.service.ref.name)
            guard !listed.isEmpty || context.options.clusterState else { continue }
            let ready = context.inventory.readyAddresses(namespace: namespace, service: backend.service.ref.name, portName: backend.port.name) ?? []
            guard ready.isEmpty else { continue }
            let key = "\(backend.ingress.ref.qualifiedName)|\(backend.location)"
            guard seen.insert(key).inserted else { continue }
            let notReady = listed.flatMap { $0.groups.flatMap(\.addresses) }.filter { !$0.ready }.count
            let why: String
            if listed.isEmpty {
                why = "it has no EndpointSlice"
            } else if notReady > 0 {
                why = "its \(notReady) endpoint\(notReady == 1 ? " is" : "s are") not ready"
            } else {
                why = "its EndpointSlices list no address for this port"
            }
            findings.append(finding(
                "\(backend.description) has no ready endpoint (\(why)): requests routed here get 503",
                at: backend.location, object: backend.ingress.ref, field: backend.field, related: backend.related(context.inventory),
                hint: backend.service.selector == nil
                    ? "the Service has no selector: its endpoints must be created by hand or by a controller"
                    : "check that pods matching the selector \(Self.selectorText(backend.service.selector ?? [:])) are running and pass their readiness probe"))
        }
        return findings
    }

    static func selectorText(_ selector: [String: String]) -> String {
        selector.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }
}
