import Foundation
import NIOConcurrencyHelpers
import Prometheus

/// Prometheus metrics of the webhook: admissions by outcome and by rule, latency, and the state's
/// size, age and staleness.
public final class WebhookMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    private let latency: DurationHistogram
    private let objects: Gauge
    private let ingresses: Gauge
    private let age: Gauge
    private let stale: Gauge
    private let synced: Gauge
    private let policyInvalid: Gauge

    public init() {
        latency = registry.makeDurationHistogram(
            name: "ingress_guard_admission_duration_seconds",
            buckets: [.microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1)],
            help: "Time to answer an AdmissionReview, from the body read to the response")
        objects = registry.makeGauge(name: "ingress_guard_state_objects", help: "Objects in the admission state")
        ingresses = registry.makeGauge(name: "ingress_guard_state_ingresses", help: "Ingresses in the admission state")
        age = registry.makeGauge(name: "ingress_guard_state_age_seconds", help: "Seconds since the admission state last changed")
        stale = registry.makeGauge(name: "ingress_guard_state_stale", help: "1 while the cluster watches are down and the last state is served")
        synced = registry.makeGauge(name: "ingress_guard_state_synced", help: "1 once every resource has been listed")
        policyInvalid = registry.makeGauge(
            name: "ingress_guard_policy_invalid", help: "1 while the policy file on disk is invalid and the previous policy is applied")
    }

    /// outcome: allowed, denied, skipped (not an Ingress of the served class), unsynced, rejected (4xx).
    public func admission(outcome: String, rules: [String], duration: Duration) {
        registry.makeCounter(name: "ingress_guard_admissions_total", labels: [("outcome", outcome)], help: "AdmissionReviews answered, by outcome").increment()
        for rule in Set(rules) {
            registry.makeCounter(name: "ingress_guard_findings_total", labels: [("rule", rule)], help: "Findings reported at admission, by rule").increment()
        }
        latency.record(duration)
    }

    /// A connection the server closed on its own: `deadline` (too slow a request) or
    /// `client-limit` (its client holds too many).
    public func connectionClosed(reason: String) {
        registry.makeCounter(name: "ingress_guard_connections_closed_total", labels: [("reason", reason)], help: "Connections closed by the webhook, by reason").increment()
    }

    /// The policy file changed: `valid` when it was applied, false when it was refused.
    public func policyReloaded(valid: Bool) {
        registry.makeCounter(
            name: "ingress_guard_policy_reloads_total", labels: [("result", valid ? "applied" : "rejected")],
            help: "Changes of the policy file, by whether they were applied").increment()
        policyInvalid.set(to: valid ? 0 : 1)
    }

    public func state(_ current: AdmissionState.Current) {
        objects.set(to: Double(current.index.objectCount))
        ingresses.set(to: Double(current.index.ingressCount))
        age.set(to: Date().timeIntervalSince(current.updated))
        stale.set(to: current.staleReason == nil ? 0 : 1)
        synced.set(to: current.synced ? 1 : 0)
        for resource in ["namespaces"] {
            registry.makeGauge(
                name: "ingress_guard_state_unavailable", labels: [("resource", resource)],
                help: "1 while the API server refuses to list this optional resource (RBAC); it is served empty"
            ).set(to: current.unavailable[resource] == nil ? 0 : 1)
        }
    }

    public func render(_ current: AdmissionState.Current) -> String {
        state(current)
        return registry.emitToString()
    }
}
