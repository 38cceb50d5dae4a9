import Foundation
import IngressModel
import ManifestLoader
import Rules
import Testing
@testable import Admission

/// The webhook judges by the controller that serves the Ingress: it admits the canaries Flagger
/// and Argo Rollouts create, and still denies a second Ingress that takes a route over.
@Suite struct AdmissionProfileTests {
    static let cluster = """
        apiVersion: networking.k8s.io/v1
        kind: IngressClass
        metadata: {name: nginx}
        spec: {controller: k8s.io/ingress-nginx}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: web, namespace: shop, creationTimestamp: "2026-01-01T00:00:00Z"}
        spec:
          ingressClassName: nginx
          rules:
          - host: shop.example.com
            http:
              paths:
              - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: shop}
        spec: {ports: [{port: 80}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web-v2, namespace: shop}
        spec: {ports: [{port: 80}]}
        """

    static func decide(_ ingress: String) throws -> AdmissionChecker.Decision {
        let loaded = ManifestLoader().load(text: cluster, file: "cluster.yaml")
        let index = AdmissionIndex(loaded.objects)
        let body = #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u-1","kind":{"group":"networking.k8s.io","version":"v1","kind":"Ingress"},"name":"web-canary","namespace":"shop","operation":"CREATE","object":\#(ingress)}}"#
        return AdmissionChecker(policy: AdmissionPolicy()).decide(try AdmissionRequest.parse(Data(body.utf8)), index: index)
    }

    static func ingress(name: String, annotations: String) -> String {
        #"{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"\#(name)","namespace":"shop","annotations":{\#(annotations)}},"spec":{"ingressClassName":"nginx","rules":[{"host":"shop.example.com","http":{"paths":[{"path":"/","pathType":"Prefix","backend":{"service":{"name":"web-v2","port":{"number":80}}}}]}}]}}"#
    }

    @Test func aCanaryOfTheMainRouteIsAdmitted() throws {
        let canary = Self.ingress(name: "web-canary", annotations: #""nginx.ingress.kubernetes.io/canary":"true","nginx.ingress.kubernetes.io/canary-weight":"10""#)
        let decision = try Self.decide(canary)
        #expect(decision.response.allowed == true, "\(decision.response.message ?? "")")
        #expect(!decision.rules.contains("host-path-conflict"))
    }

    @Test func aRivalThatTakesTheRouteIsDenied() throws {
        let decision = try Self.decide(Self.ingress(name: "web-rival", annotations: ""))
        #expect(decision.response.allowed == false)
        #expect(decision.rules.contains("host-path-conflict"))
    }

    @Test func canarySettingsWithoutTheCanaryFlagStillConflict() throws {
        let decision = try Self.decide(Self.ingress(name: "web-rival", annotations: #""nginx.ingress.kubernetes.io/canary-weight":"10""#))
        #expect(decision.response.allowed == false)
        #expect(decision.rules.contains("host-path-conflict"))
    }
}
