import IngressModel

/// The Ingresses and backends that take part of a route's traffic on purpose.
public enum TrafficSplitting {
    public static let canaryAnnotation = "nginx.ingress.kubernetes.io/canary"

    /// An ingress-nginx canary: its routes are alternatives of the main Ingress's routes for the
    /// same host and path, never routes of their own.
    public static func isCanary(_ ingress: Ingress, under profile: ControllerProfile) -> Bool {
        guard profile.trafficSplit == .ingressNginxCanary, let value = ingress.metadata.annotations[canaryAnnotation]?.value else { return false }
        return GoBoolean.parse(value) == true
    }

    /// ALB's marker for a backend whose action an `actions.NAME` annotation describes.
    public static let albUseAnnotation = "use-annotation"
    public static let albActionPrefix = "alb.ingress.kubernetes.io/actions."
}

/// Go's `strconv.ParseBool`, which the controllers written in Go use for boolean annotations.
public enum GoBoolean {
    public static func parse(_ text: String) -> Bool? {
        switch text {
        case "1", "t", "T", "TRUE", "true", "True": return true
        case "0", "f", "F", "FALSE", "false", "False": return false
        default: return nil
        }
    }
}

extension TrafficSplitting {
    /// For an ALB backend naming port `use-annotation`: the annotation that holds its action
    /// (`alb.ingress.kubernetes.io/actions.<service name>`). Such a backend is no Service at all.
    public static func albActionAnnotation(for backend: ServiceBackend, under profile: ControllerProfile) -> String? {
        guard profile.trafficSplit == .albActions, backend.portName?.value == albUseAnnotation else { return nil }
        return albActionPrefix + backend.name.value
    }
}

/// NGINX Inc's mergeable Ingresses: one master per host (host, TLS, server-level annotations, no
/// paths) and minions with the paths.
public enum MergeableIngress {
    public static let typeAnnotation = "nginx.org/mergeable-ingress-type"

    public static func isMaster(_ ingress: Ingress, under profile: ControllerProfile) -> Bool {
        profile.mergeableIngresses && ingress.metadata.annotations[typeAnnotation]?.value == "master"
    }

    public static func isMinion(_ ingress: Ingress, under profile: ControllerProfile) -> Bool {
        profile.mergeableIngresses && ingress.metadata.annotations[typeAnnotation]?.value == "minion"
    }
}

extension TrafficSplitting {
    public static let skipperBackendWeights = "zalando.org/backend-weights"
}
