import Foundation
import Testing
@testable import Admission

/// AdmissionReview bodies (Tests/Fixtures/admission, copied from the project's spec) read on their
/// bytes, and answers rendered as the API server checks them.
@Suite struct AdmissionRequestTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/admission")

    @Test func readsTheSpecExamples() throws {
        let create = try AdmissionRequest.parse(Data(contentsOf: Self.directory.appendingPathComponent("ingress-create-request.json")))
        #expect(create.version == .v1)
        #expect(create.uid == "2f1d6c0e-8a4b-4c63-9d1e-7b5a3c9e0f41")
        #expect(create.isIngress && create.operation == "CREATE" && create.namespace == "shop" && create.name == "example")
        #expect(create.dryRun == false)
        let object = try #require(create.object)
        let spec = (try JSONSerialization.jsonObject(with: object) as? [String: Any])?["spec"] as? [String: Any]
        #expect(spec?["ingressClassName"] as? String == "example-class")
        let update = try AdmissionRequest.parse(Data(contentsOf: Self.directory.appendingPathComponent("ingress-update-request.json")))
        #expect(update.operation == "UPDATE" && update.uid == "9c4e2a71-0b3d-4e8f-b6a2-5d1c7e9f3a20")
    }

    @Test func refusesWhatIsNotAnAdmissionReview() {
        for body in ["", "[]", "{\"kind\":\"AdmissionReview\",", "{\"kind\":\"Pod\"}", "{\"kind\":\"AdmissionReview\",\"apiVersion\":\"v1\"}",
                     "{\"kind\":\"AdmissionReview\",\"apiVersion\":\"admission.k8s.io/v1\"}",
                     "{\"kind\":\"AdmissionReview\",\"apiVersion\":\"admission.k8s.io/v1\",\"request\":{\"uid\":\"\"}}", "{} trailing"] {
            #expect(throws: AdmissionRequest.Malformed.self, "\(body)") { try AdmissionRequest.parse(Data(body.utf8)) }
        }
    }

    @Test func answersInTheRequestsVersionWithItsUID() throws {
        var request = try AdmissionRequest.parse(Data(contentsOf: Self.directory.appendingPathComponent("ingress-create-request.json")))
        request.version = .v1beta1
        let denied = AdmissionResponse(allowed: false, message: "no", warnings: ["w"]).render(for: request)
        let object = try #require(try JSONSerialization.jsonObject(with: denied) as? [String: Any])
        #expect(object["apiVersion"] as? String == "admission.k8s.io/v1beta1")
        let response = object["response"] as? [String: Any]
        #expect(response?["uid"] as? String == request.uid)
        #expect((response?["status"] as? [String: Any])?["code"] as? Int == 403)
        #expect(response?["warnings"] as? [String] == ["w"])
        #expect(response?["patch"] == nil)
    }

    @Test func warningsStayWithinTheAPIServersLimits() {
        let findings = (0..<200).map { index in
            Finding(ruleID: "rule-\(index)", severity: .warning, message: String(repeating: "x", count: 300), location: SourceLocation(file: "f", line: 1, column: 1))
        }
        let warnings = AdmissionChecker.warnings(findings)
        #expect(warnings.allSatisfy { $0.count <= 120 })
        #expect(warnings.reduce(0) { $0 + $1.utf8.count } <= 4000)
        #expect(warnings.count < 200)
    }
}

import IngressModel
import Rules
