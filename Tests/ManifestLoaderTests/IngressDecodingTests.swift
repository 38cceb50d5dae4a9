import IngressModel
import Testing
@testable import ManifestLoader

@Suite struct IngressDecodingTests {
    let loader = ManifestLoader(defaultNamespace: "apps")

    func ingress(_ text: String) throws -> Ingress {
        let result = loader.load(text: text, file: "in.yaml")
        guard case .ingress(let ingress)? = result.objects.first?.payload else {
            throw DecodingFailure()
        }
        return ingress
    }

    struct DecodingFailure: Error {}

    /// `backends` is kept beside the rules it is gathered from: it follows every change to them
    /// and to the default backend, and a copy taken before keeps its own.
    @Test func backendsFollowTheRulesAndTheDefaultBackend() throws {
        var ingress = try ingress("""
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: shop
            spec:
              defaultBackend: {service: {name: fallback, port: {number: 80}}}
              rules:
              - host: shop.example.com
                http:
                  paths:
                  - {path: /a, pathType: Prefix, backend: {service: {name: a, port: {number: 80}}}}
                  - {path: /b, pathType: Prefix, backend: {service: {name: b, port: {number: 80}}}}
            """)
        let before = ingress
        #expect(ingress.backends.compactMap { $0.service?.name.value } == ["fallback", "a", "b"])
        ingress.rules[0].http?.paths.removeFirst()
        #expect(ingress.backends.compactMap { $0.service?.name.value } == ["fallback", "b"])
        ingress.defaultBackend = nil
        #expect(ingress.backends.compactMap { $0.service?.name.value } == ["b"])
        ingress.rules.append(before.rules[0])
        #expect(ingress.backends.compactMap { $0.service?.name.value } == ["b", "a", "b"])
        #expect(before.backends.compactMap { $0.service?.name.value } == ["fallback", "a", "b"])
    }

    @Test func v1beta1ConvertsBackendsAndDefaultsPathType() throws {
        let ingress = try ingress("""
            apiVersion: extensions/v1beta1
            kind: Ingress
            metadata:
              name: legacy
            spec:
              backend:
                serviceName: fallback
                servicePort: 80
              rules:
              - host: shop.example.com
                http:
                  paths:
                  - path: /api
                    backend:
                      serviceName: api
                      servicePort: http
            """)
        #expect(ingress.apiVersion == .extensionsV1beta1)
        #expect(ingress.ref.namespace == "apps")
        #expect(ingress.defaultBackend?.service?.name.value == "fallback")
        #expect(ingress.defaultBackend?.service?.portNumber?.value == 80)
        #expect(ingress.defaultBackend?.field == "spec.backend")
        let path = try #require(ingress.rules.first?.http?.paths.first)
        #expect(path.knownPathType == .implementationSpecific)
        #expect(path.pathTypeDefaulted)
        #expect(path.backend?.service?.portName?.value == "http")
        #expect(path.backend?.service?.portName?.field == "spec.rules[0].http.paths[0].backend.servicePort")
        #expect(path.backend?.service?.name.location.line == 15)
        #expect(path.backend?.service?.name.location.column == 24)
    }

    @Test func v1beta1WithoutNameAndPortHasNoServiceBackend() throws {
        let ingress = try ingress("""
            apiVersion: networking.k8s.io/v1beta1
            kind: Ingress
            metadata: {name: x}
            spec:
              backend: {servicePort: 0}
            """)
        #expect(ingress.defaultBackend?.service == nil)
    }

    @Test func v1KeepsFieldPathsAndPositions() throws {
        let ingress = try ingress("""
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: web
              namespace: shop
            spec:
              rules:
              - host: shop.example.com
                http:
                  paths:
                  - path: /
                    pathType: Prefix
                    backend:
                      service:
                        name: web
                        port:
                          number: 8080
            """)
        #expect(ingress.ref.namespace == "shop")
        let host = try #require(ingress.rules.first?.host)
        #expect(host.field == "spec.rules[0].host")
        #expect(host.location.line == 8)
        #expect(host.location.column == 11)
        let port = try #require(ingress.rules.first?.http?.paths.first?.backend?.service?.portNumber)
        #expect(port.value == 8080)
        #expect(port.field == "spec.rules[0].http.paths[0].backend.service.port.number")
        #expect(port.location.line == 17)
    }

    /// kubectl turns YAML into JSON, where Go writes the float 80.0 as 80: the API server gets an
    /// integer. A fraction stays an error (it cannot be an int32).
    @Test(arguments: [("80.0", 80 as Int?), ("8e1", 80), ("80.5", nil)])
    func aNumberWithoutAFractionIsAPortNumber(text: String, expected: Int?) throws {
        let manifest = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: web}
            spec:
              defaultBackend: {service: {name: web, port: {number: \(text)}}}
            """
        let result = loader.load(text: manifest, file: "in.yaml")
        guard case .ingress(let ingress)? = result.objects.first?.payload else { throw DecodingFailure() }
        #expect(ingress.defaultBackend?.service?.portNumber?.value == expected)
        let typeIssues = result.issues.filter { $0.message.contains("expected an integer") }
        #expect(typeIssues.count == (expected == nil ? 1 : 0))
    }

    /// The same for an int-or-string port: 80.0 is the number 80, not a port named "80.0".
    @Test func anIntegralNumberIsANumberedBetaServicePort() throws {
        let ingress = try ingress("""
            apiVersion: extensions/v1beta1
            kind: Ingress
            metadata: {name: web}
            spec:
              backend: {serviceName: web, servicePort: 80.0}
            """)
        #expect(ingress.defaultBackend?.service?.portNumber?.value == 80)
        #expect(ingress.defaultBackend?.service?.portName == nil)
    }

    @Test func jsonInputKeepsPositions() throws {
        let ingress = try ingress("""
            {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
             "metadata": {"name": "j"},
             "spec": {"rules": [{"host": "a.example.com"}]}}
            """)
        #expect(ingress.rules.first?.host?.location.line == 3)
    }

    @Test func listKindsAreExpanded() {
        let result = loader.load(text: """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: Service
              metadata: {name: a}
            - apiVersion: v1
              kind: Service
              metadata: {name: b}
            """, file: "list.yaml")
        #expect(result.objects.map(\.ref.name) == ["a", "b"])
        #expect(result.objects.last?.source.location.line == 7)
    }

    @Test func yaml11BooleansAreNotStrings() {
        let result = loader.load(text: "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  annotations:\n    a: on\n    b: \"on\"\n", file: "b.yaml")
        #expect(result.issues.count == 1)
        #expect(result.issues.first?.location.line == 6)
    }

    @Test func secretValuesAreMarkedSensitive() {
        let result = loader.load(text: """
            apiVersion: v1
            kind: Secret
            metadata: {name: tls}
            type: kubernetes.io/tls
            data:
              tls.crt: QUJD
              tls.key: REVG
            """, file: "s.yaml")
        let source = result.sources[0]
        #expect(!source.isRedacted(line: 4))
        #expect(source.isRedacted(line: 6))
        #expect(source.isRedacted(line: 7))
    }

    /// Field paths are spelled once per file and walked down by name and index: every object of
    /// the file, the first and the later ones, gets its own positions' paths, whichever fields
    /// the earlier objects had.
    @Test func everyObjectOfAFileGetsItsOwnFieldPaths() throws {
        let text = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: a}
            spec:
              rules:
              - host: a.example.com
                http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: s, port: {number: 80}}}}]}
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: b}
            spec:
              defaultBackend: {resource: {apiGroup: g, kind: K, name: n}}
              tls: [{hosts: [x.example.com, y.example.com], secretName: t}]
              rules:
              - host: b.example.com
              - http:
                  paths:
                  - {path: /a, pathType: Exact, backend: {service: {name: s, port: {name: http}}}}
                  - {path: /b, pathType: Prefix, backend: {service: {name: s, port: {number: 81}}}}
            ---
            apiVersion: extensions/v1beta1
            kind: Ingress
            metadata: {name: c}
            spec:
              rules:
              - http: {paths: [{path: /, backend: {serviceName: s, servicePort: http}}]}
            """
        let ingresses = loader.load(text: text, file: "f.yaml").objects.compactMap { object -> Ingress? in
            if case .ingress(let ingress) = object.payload { return ingress }
            return nil
        }
        try #require(ingresses.count == 3)
        let first = try #require(ingresses[0].rules.first?.http?.paths.first)
        #expect(first.path?.field == "spec.rules[0].http.paths[0].path")
        #expect(first.backend?.service?.portNumber?.field == "spec.rules[0].http.paths[0].backend.service.port.number")
        let second = ingresses[1]
        #expect(second.rules[0].host?.field == "spec.rules[0].host")
        #expect(second.rules[1].field == "spec.rules[1]")
        let paths = try #require(second.rules[1].http?.paths)
        #expect(paths.map { $0.pathType?.field } == ["spec.rules[1].http.paths[0].pathType", "spec.rules[1].http.paths[1].pathType"])
        #expect(paths[0].backend?.service?.portName?.field == "spec.rules[1].http.paths[0].backend.service.port.name")
        #expect(paths[1].backend?.service?.portField == "spec.rules[1].http.paths[1].backend.service.port")
        #expect(second.tls.first?.hosts.map(\.field) == ["spec.tls[0].hosts[0]", "spec.tls[0].hosts[1]"])
        #expect(second.tls.first?.secretName?.field == "spec.tls[0].secretName")
        #expect(second.defaultBackend?.resource?.kind.field == "spec.defaultBackend.resource.kind")
        #expect(second.defaultBackend?.field == "spec.defaultBackend")
        let beta = try #require(ingresses[2].rules.first?.http?.paths.first)
        #expect(beta.pathType?.field == "spec.rules[0].http.paths[0].pathType", "the defaulted pathType names its field")
        #expect(beta.backend?.service?.portName?.field == "spec.rules[0].http.paths[0].backend.servicePort")
        #expect(beta.backend?.service?.name.field == "spec.rules[0].http.paths[0].backend.serviceName")
    }
}
