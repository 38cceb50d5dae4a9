import FuzzDriver
import Admission
import Foundation
import ManifestLoader
import StructuredText

@main enum FuzzAdmissionMain {
    static func main() { runFuzzer { fuzzAdmission($0, $1) } }
}

/// An AdmissionReview body from an untrusted client: parsed, decided against a small cluster index,
/// and answered. The answer must always be a JSON document the API server can read.
func fuzzAdmission(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let body = Data(UnsafeBufferPointer(start: start, count: count))
    guard let request = try? AdmissionRequest.parse(body) else { return 0 }
    let decision = AdmissionFuzzState.checker.decide(request, index: AdmissionFuzzState.index)
    let answer = decision.response.render(for: request)
    guard JSONComposer.compose(String(decoding: answer, as: UTF8.self)) != nil else {
        fatalError("the AdmissionReview answer is not JSON: \(String(decoding: answer, as: UTF8.self))")
    }
    return 0
}

enum AdmissionFuzzState {
    static let checker = AdmissionChecker(policy: AdmissionPolicy())
    /// A namespace with a Service, a TLS Secret name and an Ingress that a fuzzed one can collide with.
    static let index = AdmissionIndex(ManifestLoader().load(text: """
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: shop}
        spec:
          ports: [{name: http, port: 80, targetPort: 8080}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: IngressClass
        metadata: {name: nginx}
        spec: {controller: k8s.io/ingress-nginx}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: existing, namespace: shop}
        spec:
          ingressClassName: nginx
          rules:
          - host: shop.example.com
            http:
              paths:
              - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
        """, file: "index.yaml").objects)
}
