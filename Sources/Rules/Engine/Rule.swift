import Foundation
import IngressModel
import Inventory
import Routing
import TLSInspect
import ParallelWork

/// A check over the objects under analysis. A rule reads the context and returns findings; it never
/// parses YAML, opens sockets or reads the clock. It declares its id (tying it to
/// `rules/<id>.yaml`), category, default severity and what it reads beyond the Ingresses.
public protocol Rule: Sendable {
    var declaration: RuleDeclaration { get }
    func check(_ context: RuleContext) -> [Finding]
}

extension Rule {
    public var id: String { declaration.id }

    /// A finding of this rule with its declared default severity unless the rule decides otherwise.
    public func finding(
        _ message: String, at location: SourceLocation, object: ObjectRef? = nil, field: String? = nil,
        severity: Severity? = nil, related: [RelatedLocation] = [], hint: String? = nil
    ) -> Finding {
        Finding(
            ruleID: id, severity: severity ?? declaration.severity,
            message: message, location: location, object: object, field: field, related: related, hint: hint)
    }

    /// A finding at a located field, using its location and field path.
    public func finding<Value>(
        _ message: String, at value: Located<Value>, object: ObjectRef?, severity: Severity? = nil,
        related: [RelatedLocation] = [], hint: String? = nil
    ) -> Finding {
        finding(message, at: value.location, object: object, field: value.field, severity: severity, related: related, hint: hint)
    }
}

/// What a rule may read: the inventory, the issues found while loading, and the options.
public struct RuleContext: Sendable {
    public let inventory: Inventory
    /// The Ingresses whose own findings are wanted: all those under analysis, or at admission
    /// (`options.focus`) the admitted one alone. Rules that judge each Ingress by itself and the
    /// objects it names walk these; rules that compare Ingresses walk the inventory's, and their
    /// findings about the others alone are dropped by the engine.
    public let subjects: [Ingress]
    /// The objects of every kind whose own findings are wanted, as `subjects` for Ingresses.
    public let subjectObjects: [ManifestObject]
    public var loadIssues: [LoadIssue]
    public var options: LintOptions
    /// The compiled routes of the Ingresses under analysis, per class.
    public var routes: RouteTable
    /// Which controller profile judges each Ingress.
    public let profiles: ProfileAssignment
    /// The TLS material of every `kubernetes.io/tls` Secret, read once however many Ingresses name it.
    public private(set) var tlsReports: [Inventory.NamespacedName: TLSReport]
    /// The TLS Secrets of the inputs with their reports, in input order (findings stay
    /// deterministic): paired once here, where each TLS rule had looked every report up again.
    let tlsSecrets: [(secret: Secret, report: TLSReport)]
    /// With `--ca-bundle`: whether each Secret's chain verifies to the bundle (computed by the caller,
    /// since verification is asynchronous and rules are not).
    public var trustVerdicts: [Inventory.NamespacedName: TrustVerdict]?
    /// Each backend with its Service and port resolved, for the endpoint rules (resolved once here
    /// rather than once per rule).
    var backendServicePorts: [BackendServicePort]

    /// With `options.ingressClass` set, Ingresses of other classes are left out of the analysis.
    /// Only what `needs` names is prepared (`LintEngine.requiredInputs`): the route table, the
    /// backends' Service ports, the TLS reports. `tlsReport` gives reports already made for a
    /// Secret (the webhook keeps them between admissions); the others are read here, concurrently
    /// when `concurrent`.
    public init(
        inventory: Inventory, loadIssues: [LoadIssue] = [], options: LintOptions = LintOptions(),
        concurrent: Bool = true, needs: RuleInputs = .all, tlsReport: ((Secret) -> TLSReport)? = nil
    ) {
        let analysed: Inventory
        if let only = options.ingressClass {
            let assignment = ClassAssignment(inventory: inventory)
            analysed = inventory.keepingIngresses { assignment.assign($0).name == only }
        } else {
            analysed = inventory
        }
        self.inventory = analysed
        let subjects = options.focus.map { focus in analysed.ingresses.filter { $0.ref.isSameObject(as: focus) } } ?? analysed.ingresses
        self.subjects = subjects
        subjectObjects = options.focus.map { focus in analysed.objects.filter { $0.ref.isSameObject(as: focus) } } ?? analysed.objects
        self.loadIssues = loadIssues
        self.options = options
        // Profiles are read with the route table, which needs them, while the Secrets are
        // inspected on the other cores.
        let controllers = options.controllers
        let routeTable: @Sendable () -> (ProfileAssignment, RouteTable, [BackendServicePort]) = {
            let profiles = ProfileAssignment(inventory: inventory, mapping: controllers)
            let routes = needs.contains(.routes)
                ? RouteTable(ingresses: analysed.ingresses, profiles: profiles, services: analysed)
                : RouteTable(ingresses: [], profiles: profiles)
            return (profiles, routes, needs.contains(.endpoints) ? BackendServicePort.all(of: subjects, in: analysed) : [])
        }
        let secrets = needs.contains(.tlsMaterial) ? analysed.secrets.filter { $0.type == Secret.tlsType } : []
        let read: @Sendable (Secret) -> TLSReport = { secret in
            TLSInspector.inspect(certificatePEM: secret.values[Secret.certificateKey]?.bytes, keyPEM: secret.values[Secret.privateKeyKey]?.bytes)
        }
        let inspected: [TLSReport]
        if let tlsReport {
            (profiles, routes, backendServicePorts) = routeTable()
            inspected = secrets.map(tlsReport)
        } else if concurrent {
            // The route table is built in one piece: it goes first, and the Secrets spread over
            // the other cores meanwhile (a nested concurrentPerform got one core, not the rest).
            enum Piece: Sendable {
                case routes(ProfileAssignment, RouteTable, [BackendServicePort])
                case tls(TLSReport)
            }
            var table: (ProfileAssignment, RouteTable, [BackendServicePort])?
            var reports: [TLSReport] = []
            let pieces = OrderedResults<Piece>.compute(count: secrets.count + 1) { index in
                guard index > 0 else {
                    let (profiles, routes, ports) = routeTable()
                    return .routes(profiles, routes, ports)
                }
                return .tls(read(secrets[index - 1]))
            }
            for piece in pieces {
                switch piece {
                case .routes(let profiles, let routes, let ports): table = (profiles, routes, ports)
                case .tls(let report): reports.append(report)
                }
            }
            (profiles, routes, backendServicePorts) = table ?? routeTable()
            inspected = reports
        } else {
            (profiles, routes, backendServicePorts) = routeTable()
            inspected = secrets.map(read)
        }
        var reports: [Inventory.NamespacedName: TLSReport] = [:]
        reports.reserveCapacity(secrets.count)
        for (secret, report) in zip(secrets, inspected) {
            reports[Inventory.NamespacedName(namespace: secret.ref.namespace, name: secret.ref.name)] = report
        }
        self.tlsReports = reports
        tlsSecrets = Array(zip(secrets, inspected))
    }

    /// Whether a finding on one of these objects, or naming it, would be kept: always without a
    /// focus. Rules that compare Ingresses ask before wording a finding the engine would drop.
    public func reports(about refs: ObjectRef...) -> Bool {
        guard let focus = options.focus else { return true }
        return refs.contains { $0.isSameObject(as: focus) }
    }

    public func tlsReport(namespace: String, name: String) -> TLSReport? {
        tlsReports[Inventory.NamespacedName(namespace: namespace, name: name)]
    }

    /// Where a missing object was looked for, for messages.
    public var absentFrom: String {
        options.absenceWording ?? (options.clusterState ? "in the cluster (nor in the files)" : "in the inputs")
    }
}

/// Options that change what rules report.
public struct LintOptions: Sendable {
    public var kubeVersion: KubeVersion
    public var strictReferences: Bool
    /// Analyse only the Ingresses of this class (`--ingress-class`).
    public var ingressClass: String?
    /// The clock of the certificate rules (`--now`); rules never read the system clock.
    public var now: Date
    /// Certificates expiring within this many days are reported (`--expiry-days`).
    public var expiryDays: Int
    /// The inventory holds a cluster's state (`--cluster`, `--snapshot`): a Service without an
    /// EndpointSlice has no endpoints, rather than endpoints the inputs do not show.
    public var clusterState = false
    /// How messages say where a missing object was looked for, when the default does not fit
    /// (the webhook: "in the cluster").
    public var absenceWording: String?
    /// Results of `--probe`: each backend Service port requested through the API server.
    public var probes: [BackendProbe] = []
    /// Which controller serves each class, as the user says (`controllers:`, `--controller`).
    public var controllers = ControllerMapping()
    /// The platform team's policy (`policy:`), checked by the `policy-*` rules.
    public var policy: Policy?
    /// At admission, the one object under judgement (the admitted Ingress). Only findings about
    /// it are reported, rules that judge one Ingress at a time judge it alone (`RuleContext.subjects`),
    /// and the policy judges it alone. The others are the cluster's state it is judged against,
    /// some of it admitted before the policy existed: what they do wrong on their own is not the
    /// admitted object's to answer for.
    public var focus: ObjectRef?

    public init(
        kubeVersion: KubeVersion = .newestKnown, strictReferences: Bool = false, ingressClass: String? = nil,
        now: Date = Date(), expiryDays: Int = 30
    ) {
        self.kubeVersion = kubeVersion
        self.strictReferences = strictReferences
        self.ingressClass = ingressClass
        self.now = now
        self.expiryDays = expiryDays
    }
}

/// One backend requested through the API server's service proxy (`lint --cluster --probe`).
public struct BackendProbe: Sendable {
    /// The backends of the inventory's Ingresses, each Service port once: what `--probe` requests.
    public static func targets(in inventory: Inventory) -> [BackendProbe] { BackendUnreachableRule.targets(in: inventory) }

    public var namespace: String
    public var service: String
    /// The Service port as the Ingress names it (number or name).
    public var port: String
    /// nil: it answered (any HTTP status below 500 from the workload); else why it did not.
    public var failure: String?

    public init(namespace: String, service: String, port: String, failure: String?) {
        self.namespace = namespace
        self.service = service
        self.port = port
        self.failure = failure
    }
}

/// A Kubernetes minor version such as 1.31.
public struct KubeVersion: Sendable, Comparable, CustomStringConvertible {
    public var major: Int
    public var minor: Int

    public static let newestKnown = KubeVersion(major: 1, minor: 35)

    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// Accepts `1.31`, `v1.31` and `1.31.2`.
    public init?(parsing text: String) {
        var trimmed = Substring(text)
        if trimmed.hasPrefix("v") { trimmed = trimmed.dropFirst() }
        let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts.count <= 3, let major = Int(parts[0]), let minor = Int(parts[1]),
            major >= 1, minor >= 0
        else { return nil }
        if parts.count == 3 && Int(parts[2]) == nil { return nil }
        self.init(major: major, minor: minor)
    }

    public static func < (lhs: KubeVersion, rhs: KubeVersion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }

    public var description: String { "\(major).\(minor)" }
}
