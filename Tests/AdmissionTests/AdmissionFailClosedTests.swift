import Foundation
import IngressModel
import Rules
import Testing
@testable import Admission

/// A CREATE or UPDATE of an Ingress that ingress-guard cannot read is denied, never admitted
/// unchecked: a webhook that fails open on a malformed object is one any client can walk past.
@Suite struct AdmissionFailClosedTests {
    static let checker = AdmissionChecker(policy: AdmissionPolicy())
    static let index = AdmissionIndex([])

    static func review(object: String?, kind: String = #"{"group":"networking.k8s.io","version":"v1","kind":"Ingress"}"#, operation: String = "CREATE") throws -> AdmissionRequest {
        let objectMember = object.map { #","object":\#($0)"# } ?? ""
        let body = #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u-1","kind":\#(kind),"name":"web","namespace":"shop","operation":"\#(operation)"\#(objectMember)}}"#
        return try AdmissionRequest.parse(Data(body.utf8))
    }

    static let ingress = #"{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"web","namespace":"shop"},"spec":{"defaultBackend":{"service":{"name":"web","port":{"number":80}}}}}"#

    static func denied(_ decision: AdmissionChecker.Decision, mentioning text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(decision.response.allowed == false, sourceLocation: sourceLocation)
        #expect(decision.outcome == .denied, sourceLocation: sourceLocation)
        #expect(decision.response.message?.contains(text) == true, "\(decision.response.message ?? "no message")", sourceLocation: sourceLocation)
    }

    /// What decides whether the object is judged must be readable: a kind or an operation of
    /// another type had made the review "not an Ingress CREATE", so allowed unchecked.
    @Test(arguments: [
        (#""kind":1,"operation":"CREATE""#, "request.kind is missing or not an object"),
        (#""kind":{"group":"networking.k8s.io","version":"v1","kind":{}},"operation":"CREATE""#, "request.kind.kind is not a string"),
        (#""kind":{"group":"networking.k8s.io","version":"v1","kind":"Ingress"},"operation":1"#, "request.operation is missing or not a string"),
        (#""kind":{"group":"networking.k8s.io","version":"v1","kind":"Ingress"},"operation":null"#, "request.operation is missing or not a string"),
        (#""kind":{"group":"networking.k8s.io","version":"v1","kind":"Ingress"}"#, "request.operation is missing or not a string"),
    ])
    func anEnvelopeOfOtherTypesIsRefused(members: String, cause: String) {
        let body = #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u-1",\#(members),"name":"web","namespace":"shop","object":\#(Self.ingress)}}"#
        #expect { try AdmissionRequest.parse(Data(body.utf8)) } throws: { error in "\(error)".contains(cause) }
    }

    @Test func duplicateKeysInTheObjectDeny() throws {
        let object = #"{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"web","namespace":"shop","name":"other"},"spec":{}}"#
        Self.denied(Self.checker.decide(try Self.review(object: object), index: Self.index), mentioning: "cannot read Ingress shop/web")
    }

    @Test func nestingPastTheLimitDenies() throws {
        let deep = String(repeating: #"{"a":"#, count: 2000) + "1" + String(repeating: "}", count: 2000)
        let object = #"{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"web","namespace":"shop","labels":\#(deep)},"spec":{}}"#
        Self.denied(Self.checker.decide(try Self.review(object: object), index: Self.index), mentioning: "cannot read Ingress shop/web")
    }

    @Test func anObjectOfAnotherKindThanTheRequestsDenies() throws {
        let pod = #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"shop"},"spec":{}}"#
        Self.denied(Self.checker.decide(try Self.review(object: pod), index: Self.index), mentioning: "request.object is v1 Pod, but request.kind is networking.k8s.io/v1 Ingress")
    }

    @Test func anObjectOfAnotherVersionThanTheRequestsDenies() throws {
        let kind = #"{"group":"networking.k8s.io","version":"v1beta1","kind":"Ingress"}"#
        Self.denied(Self.checker.decide(try Self.review(object: Self.ingress, kind: kind), index: Self.index), mentioning: "but request.kind is networking.k8s.io/v1beta1 Ingress")
    }

    @Test func aMissingObjectDenies() throws {
        Self.denied(Self.checker.decide(try Self.review(object: nil), index: Self.index), mentioning: "request.object is missing")
    }

    @Test func aReadableIngressIsStillJudgedByTheRules() throws {
        let decision = Self.checker.decide(try Self.review(object: Self.ingress), index: Self.index)
        // Its Service is not in the (empty) cluster: a finding of the rules, not a refusal to read.
        #expect(decision.outcome == .denied)
        #expect(decision.rules.contains("service-not-found"))
    }

    @Test func aDeleteIsNotTheWebhooksToJudge() throws {
        let decision = Self.checker.decide(try Self.review(object: nil, operation: "DELETE"), index: Self.index)
        #expect(decision.response.allowed && decision.outcome == .skipped)
    }

    @Test func aDenialOfAHugeFieldStaysWithinItsBudget() throws {
        let host = String(repeating: "a", count: 1_000_000) + ".example.com"
        let object = #"{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"web","namespace":"shop"},"spec":{"rules":[{"host":"\#(host)","http":{"paths":[{"path":"/","pathType":"Prefix","backend":{"service":{"name":"web","port":{"number":80}}}}]}}]}}"#
        let decision = Self.checker.decide(try Self.review(object: object), index: Self.index)
        #expect(decision.response.allowed == false)
        let message = try #require(decision.response.message)
        #expect(message.utf8.count <= AdmissionChecker.denialBudget)
        #expect(message.hasPrefix("ingress-guard found"))
    }

    @Test func denialMessagesCountWhatDoesNotFit() {
        let lines = (0..<100).map { "[rule-\($0)] " + String(repeating: "x", count: 400) }
        let message = AdmissionChecker.denialMessage("lead: ", lines)
        #expect(message.utf8.count <= AdmissionChecker.denialBudget)
        #expect(message.hasSuffix("more"))
    }

    @Test func unsyncedFollowsThePolicy() throws {
        var policy = AdmissionPolicy()
        let review = try Self.review(object: Self.ingress)
        #expect(AdmissionChecker(policy: policy).decide(review, index: nil).response.allowed)
        policy.unsyncedAllows = false
        let denied = AdmissionChecker(policy: policy).decide(review, index: nil)
        #expect(!denied.response.allowed && denied.outcome == .unsynced)
    }
}

/// The webhook's exclusions follow from what each rule declares it reads.
@Suite struct AdmissionExclusionTests {
    @Test func rulesThatReadWhatNoAdmissionHasAreOff() {
        #expect(AdmissionPolicy.excludedRules == ["duplicate-object", "backend-unreachable"])
    }

    @Test func withoutTLSSecretsEveryRuleThatReadsSecretsIsOff() {
        #expect(AdmissionPolicy.secretRules == [
            "tls-secret-not-found", "tls-secret-wrong-type", "tls-secret-missing-key", "tls-cert-invalid", "tls-cert-expired",
            "tls-cert-expiring", "tls-cert-not-yet-valid", "tls-chain-invalid", "tls-key-invalid", "tls-key-mismatch", "tls-weak-key",
            "tls-weak-signature", "tls-host-not-covered",
        ])
        var policy = AdmissionPolicy()
        policy.withoutTLSSecrets = true
        for id in AdmissionPolicy.secretRules { #expect(policy.configuration.rules[id] == .off, "\(id)") }
    }

    @Test func severitiesChangedAtAdmissionNameRealRules() {
        let known = Set(BuiltinRules.all.map(\.id))
        #expect(Set(AdmissionPolicy.admissionSeverities.keys).isSubset(of: known))
    }
}
