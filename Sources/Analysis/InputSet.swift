import IngressModel
import Inventory
import KubeClient
import ManifestLoader

/// What a command analyses: files, laid over the objects of a cluster (live or from a snapshot)
/// when one is named. Every face reads its inputs through this one type.
public struct InputSet: Sendable {
    public enum ClusterState: Sendable {
        case none
        case live(kubeconfig: String?, context: String?, namespace: String?)
        case snapshot(path: String)
    }

    public var paths: [String]
    public var loader: ManifestLoader
    public var clusterState: ClusterState
    /// Told how loading goes (files read, cluster lists done); a terminal face shows it.
    public var progress: LoadProgress?

    public init(paths: [String], loader: ManifestLoader, clusterState: ClusterState = .none) {
        self.paths = paths
        self.loader = loader
        self.clusterState = clusterState
    }

    /// True when objects come from a cluster or a snapshot, not from files alone.
    public var hasClusterState: Bool {
        if case .none = clusterState { return false }
        return true
    }

    /// The files alone.
    public func loadFiles() throws -> LoadResult {
        guard !paths.isEmpty else {
            throw AnalysisFailure("no input: name files or directories, or - to read standard input")
        }
        do {
            var read: (@Sendable (Int, Int) -> Void)?
            if let progress {
                read = { done, total in progress.report("files: \(done)/\(total) read") }
            }
            return try loader.load(paths: paths, progress: read)
        } catch let error as InputError {
            throw AnalysisFailure(error.description)
        }
    }

    /// The files laid over the cluster's objects.
    public func load() async throws -> LoadedInputs {
        let files = paths.isEmpty && hasClusterState ? LoadResult() : try loadFiles()
        switch clusterState {
        case .none:
            return LoadedInputs(files: files, base: nil, origin: nil, inventory: Inventory(files.objects))
        case .snapshot(let path):
            var base: LoadResult
            do {
                base = try loader.load(paths: [path])
            } catch let error as InputError {
                throw AnalysisFailure(error.description)
            }
            base.fileCount = 0
            return LoadedInputs(files: files, base: base, origin: "snapshot \(path)", inventory: Inventory(base: base.objects, overlay: files.objects))
        case .live(let kubeconfig, let context, let namespace):
            let read = try await ClusterAccess.read(kubeconfig: kubeconfig, context: context, namespace: namespace, progress: progress)
            var base = read.snapshot.load
            base.fileCount = 0
            return LoadedInputs(
                files: files, base: base,
                origin: "cluster context \(read.snapshot.contextName) (\(read.snapshot.scope), \(read.snapshot.listCalls) list calls)",
                notes: read.snapshot.notes, warnings: read.warnings, inventory: Inventory(base: base.objects, overlay: files.objects))
        }
    }
}

/// The inputs as read: the files, the cluster's objects, and the inventory of both.
public struct LoadedInputs: Sendable {
    public var files: LoadResult
    /// The cluster's objects, when a cluster or a snapshot was read.
    public var base: LoadResult?
    /// e.g. `cluster context prod (all namespaces, 12 list calls)`.
    public var origin: String?
    public var notes: [String] = []
    /// What the user must hear about how the inputs were read (an unchecked API server certificate).
    public var warnings: [String] = []
    public var inventory: Inventory

    /// Files and cluster objects together, for reporting (issues, quoted lines, skipped inputs).
    public var combined: LoadResult {
        guard var result = base else { return files }
        result.append(files)
        return result
    }
}

/// Where loading reports its progress: a line of text, replaced by the next one.
public struct LoadProgress: Sendable {
    public let report: @Sendable (String) -> Void

    public init(_ report: @escaping @Sendable (String) -> Void) {
        self.report = report
    }
}
