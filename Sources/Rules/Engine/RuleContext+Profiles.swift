import IngressModel
import Routing

extension RuleContext {
    /// The profile that judges an Ingress: the same choice the route table made.
    public func judgement(of ingress: Ingress) -> JudgingProfile {
        routes.judgements[ingress.ref] ?? profiles.judge(ingress)
    }

    public func profile(of ingress: Ingress) -> ControllerProfile { judgement(of: ingress).profile }

    /// False only when a known controller serves the Ingress and the annotation is another
    /// controller's: it is inert there, and foreign-annotation reports it instead. Under the
    /// specification profile (no controller known) every catalogued annotation is checked.
    func reads(_ annotation: AnnotationSpec, on ingress: Ingress) -> Bool {
        let serving = profile(of: ingress)
        return serving == .specification || serving == annotation.profile
    }

    /// True when ingress-nginx's own habits (regex paths, rewrite-target, its annotations) apply.
    func followsIngressNginx(_ ingress: Ingress) -> Bool {
        let serving = profile(of: ingress)
        return serving.readsIngressNginxAnnotations || serving == .specification
    }
}

extension RuleContext {
    /// True when the backend is an ALB action (`port.name: use-annotation`), not a Service.
    func isAction(_ backend: ServiceBackend, of ingress: Ingress) -> Bool {
        TrafficSplitting.albActionAnnotation(for: backend, under: profile(of: ingress)) != nil
    }
}

extension RuleContext {
    /// True when two routes of one Ingress share its traffic by Skipper's backend weights.
    func splitsByWeight(_ lhs: Route, _ rhs: Route) -> Bool {
        guard lhs.origin.ingress == rhs.origin.ingress, let ingress = inventory.ingress(lhs.origin.ingress) else { return false }
        return profile(of: ingress).trafficSplit == .skipperBackendWeights
            && ingress.metadata.annotations[TrafficSplitting.skipperBackendWeights] != nil
    }
}

/// How sure a missing reference is, given what else the inputs hold.
struct MissingReference {
    var severity: Severity
    /// " (did you mean web-svc?)" or "".
    var suggestion: String
}

extension RuleContext {
    /// Files are partial: a reference absent from the inputs is information, unless they hold an
    /// object of that kind whose name is a slip away (a warning naming it: "did you mean
    /// web-svc?"); with `--strict-references` or a cluster's state it is an error. A file that
    /// holds other Services but not the app's own is usually just partial, so a distant name stays
    /// information.
    func missingReference(to name: String, among existing: [String]) -> MissingReference {
        let closest = Suggestion.closest(to: name, among: existing)
        let suggestion = closest.map { " (did you mean \($0)?)" } ?? ""
        if options.strictReferences { return MissingReference(severity: .error, suggestion: suggestion) }
        return MissingReference(severity: closest == nil ? .info : .warning, suggestion: suggestion)
    }
}
