import Analysis
import ArgumentParser
import Inventory
import KubeClient
import ManifestLoader
import Routing

/// Input options shared by every command that reads manifests: files, and under them, optionally,
/// the objects of a live cluster or of a snapshot file.
struct InputOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Files, directories (recursive: *.yaml, *.yml, *.json) or - for stdin.", valueName: "path"))
    var paths: [String] = []

    @Option(name: [.customShort("n"), .customLong("namespace")], help: "Namespace for objects that name none; with --cluster, the only namespace read (default: all).")
    var namespaceOption: String?

    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "With --cluster: read every namespace (the default).")
    var allNamespaces = false

    @Flag(name: .customLong("cluster"), help: "Read the live cluster's Ingresses, IngressClasses, Services, EndpointSlices and TLS Secrets; files named too are laid over them.")
    var cluster = false

    @Option(name: .customLong("kubeconfig"), help: "With --cluster: the kubeconfig (default: KUBECONFIG, then ~/.kube/config, then the pod's service account).")
    var kubeconfig: String?

    @Option(name: .customLong("context"), help: "With --cluster: the kubeconfig context (default: its current-context).")
    var context: String?

    @Option(name: .customLong("snapshot"), help: "A file written by `ingress-guard snapshot`: the cluster's objects, offline; files named too are laid over them.")
    var snapshot: String?

    @Option(name: .customLong("max-file-size"), help: "Largest input file accepted, in MiB.")
    var maxFileSizeMiB: Int = InputLimits.defaultMaxFileBytes / 1_048_576

    @OptionGroup var controller: ControllerOptions

    var namespace: String { namespaceOption ?? "default" }

    var controllers: ControllerMapping { controller.mapping }

    func validate() throws {
        guard maxFileSizeMiB > 0, maxFileSizeMiB <= 1_048_576 else {
            throw ValidationError("--max-file-size takes 1 to 1048576 (MiB)")
        }
        if let namespaceOption, namespaceOption.isEmpty { throw ValidationError("--namespace must not be empty") }
        if allNamespaces && namespaceOption != nil { throw ValidationError("-A/--all-namespaces and -n/--namespace exclude each other") }
        if !cluster && (kubeconfig != nil || context != nil) { throw ValidationError("--kubeconfig and --context go with --cluster") }
        if cluster && snapshot != nil { throw ValidationError("--cluster and --snapshot exclude each other: use one source of cluster state") }

    }

    var loader: ManifestLoader {
        ManifestLoader(limits: InputLimits(maxFileBytes: maxFileSizeMiB * 1_048_576), defaultNamespace: namespace)
    }

    /// True when objects come from a cluster or a snapshot, not from files alone.
    var hasClusterState: Bool { cluster || snapshot != nil }

    /// The inputs these options name, for the core to read.
    var set: InputSet {
        let state: InputSet.ClusterState
        if let snapshot {
            state = .snapshot(path: snapshot)
        } else if cluster {
            state = .live(kubeconfig: kubeconfig, context: context, namespace: namespaceOption)
        } else {
            state = .none
        }
        return InputSet(paths: paths, loader: loader, clusterState: state)
    }

    /// Reads them (files laid over the cluster or snapshot); `announce` tells where they came from.
    func loadState() async throws -> LoadedInputs {
        try await set.load()
    }

    /// The files alone.
    func load() throws -> LoadResult {
        try set.loadFiles()
    }

    /// Tells on stderr where the cluster's objects came from, and anything about how.
    func announce(_ inputs: LoadedInputs, as verb: String) {
        for warning in inputs.warnings { FileHandleOutput.standardError("warning: \(warning)\n") }
        if let origin = inputs.origin { FileHandleOutput.standardError("note: \(verb) \(origin)\n") }
        for note in inputs.notes { FileHandleOutput.standardError("note: \(note)\n") }
    }
}
