import IngressModel
import Inventory

/// `lint --cluster --probe`: a backend that did not answer an HTTP request sent through the API
/// server's service proxy (refused, reset, timed out, or the proxy's own 503).
struct BackendUnreachableRule: Rule {
    let declaration = RuleDeclaration(id: "backend-unreachable", category: .cluster, severity: .error, inputs: [.probes])

    /// The Service ports `--probe` must request: one per backend, named as the Ingress names it.
    static func targets(in inventory: Inventory) -> [BackendProbe] {
        var seen: Set<String> = []
        var targets: [BackendProbe] = []
        for ingress in inventory.ingresses {
            for backend in ingress.backends {
                guard let reference = backend.service, !reference.name.value.isEmpty else { continue }
                let target = BackendProbe(namespace: ingress.ref.namespace, service: reference.name.value, port: port(of: reference), failure: nil)
                if seen.insert(key(target)).inserted { targets.append(target) }
            }
        }
        return targets
    }

    static func port(of reference: ServiceBackend) -> String {
        reference.portNumber.map { String($0.value) } ?? reference.portName?.value ?? ""
    }

    static func key(_ probe: BackendProbe) -> String { "\(probe.namespace)/\(probe.service):\(probe.port)" }

    func check(_ context: RuleContext) -> [Finding] {
        guard !context.options.probes.isEmpty else { return [] }
        var failures: [String: String] = [:]
        for probe in context.options.probes {
            if let failure = probe.failure { failures[Self.key(probe)] = failure }
        }
        var findings: [Finding] = []
        for ingress in context.subjects {
            for backend in ingress.backends {
                guard let reference = backend.service, !reference.name.value.isEmpty else { continue }
                let port = Self.port(of: reference)
                guard let failure = failures[Self.key(BackendProbe(namespace: ingress.ref.namespace, service: reference.name.value, port: port, failure: nil))] else { continue }
                findings.append(finding(
                    "Service \(ingress.ref.namespace)/\(reference.name.value) port \(port) did not answer through the API server's service proxy: \(failure)",
                    at: reference.portNumber?.location ?? reference.portName?.location ?? reference.name.location, object: ingress.ref,
                    field: reference.portNumber?.field ?? reference.portName?.field ?? reference.name.field,
                    hint: "check the pods behind it: `kubectl get --raw /api/v1/namespaces/\(ingress.ref.namespace)/services/\(reference.name.value):\(port)/proxy/`"))
            }
        }
        return findings
    }
}
