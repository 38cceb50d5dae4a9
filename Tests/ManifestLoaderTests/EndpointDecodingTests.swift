import IngressModel
import Inventory
import Testing
@testable import ManifestLoader

/// EndpointSlices, Endpoints and Pods as the endpoint checks and the echo fleet read them.
@Suite struct EndpointDecodingTests {
    let loader = ManifestLoader(defaultNamespace: "shop")

    func inventory(_ text: String) -> Inventory {
        Inventory(loader.load(text: text, file: "cluster.yaml").objects)
    }

    static let service = """
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          selector: {app: web, tier: front}
          ports: [{name: http, port: 80, targetPort: http}, {name: admin, port: 9000}]
        """

    @Test func sliceReadinessFollowsTheAPIDefaults() {
        let inventory = inventory(Self.service + """

            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata: {name: web-1, labels: {kubernetes.io/service-name: web}}
            addressType: IPv4
            ports: [{name: http, port: 8080}]
            endpoints:
            - {addresses: [10.0.0.1], conditions: {ready: true}, targetRef: {kind: Pod, name: web-a}}
            - {addresses: [10.0.0.2]}
            - {addresses: [10.0.0.3], conditions: {ready: false}}
            - {addresses: [10.0.0.4], conditions: {ready: null}}
            """)
        let ready = inventory.readyAddresses(namespace: "shop", service: "web", portName: "http")
        #expect(ready?.map(\.address) == ["10.0.0.1", "10.0.0.2", "10.0.0.4"])
        #expect(ready?.first?.pod == "web-a")
        // A port the slice does not list has no endpoints; a Service never listed is unknown.
        #expect(inventory.readyAddresses(namespace: "shop", service: "web", portName: "admin")?.isEmpty == true)
        #expect(inventory.readyAddresses(namespace: "shop", service: "other", portName: "http") == nil)
        #expect(inventory.service(namespace: "shop", name: "web")?.selector == ["app": "web", "tier": "front"])
        #expect(inventory.ignoredCount == 0)
    }

    @Test func endpointsObjectIsUsedOnlyWithoutSlices() {
        let endpoints = """
            ---
            apiVersion: v1
            kind: Endpoints
            metadata: {name: web}
            subsets:
            - addresses: [{ip: 10.0.1.1}, {ip: 10.0.1.2}]
              notReadyAddresses: [{ip: 10.0.1.3}]
              ports: [{name: http, port: 8080}]
            """
        let legacy = inventory(Self.service + "\n" + endpoints)
        #expect(legacy.readyAddresses(namespace: "shop", service: "web", portName: "http")?.count == 2)
        let both = inventory(Self.service + "\n" + endpoints + """

            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata: {name: web-1, labels: {kubernetes.io/service-name: web}}
            addressType: IPv4
            ports: [{name: http, port: 8080}]
            endpoints: [{addresses: [10.0.2.1]}]
            """)
        #expect(both.readyAddresses(namespace: "shop", service: "web", portName: "http")?.map(\.address) == ["10.0.2.1"])
    }

    @Test func podsKeepLabelsPortsAndReadiness() {
        let inventory = inventory("""
            apiVersion: v1
            kind: Pod
            metadata: {name: web-a, labels: {app: web}}
            spec:
              containers:
              - name: app
                ports: [{name: http, containerPort: 8080}, {containerPort: 9000}]
            status:
              conditions: [{type: Ready, status: "True"}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: web-b, labels: {app: web}}
            spec: {containers: [{name: app}]}
            """)
        let pods = inventory.pods(namespace: "shop")
        #expect(pods.map(\.ref.name) == ["web-a", "web-b"])
        #expect(pods.first?.containerPorts.map(\.name) == ["http", nil])
        #expect(pods.first?.ready == true)
        #expect(pods.last?.ready == nil)
        #expect(pods.first?.labels == ["app": "web"])
    }
}
