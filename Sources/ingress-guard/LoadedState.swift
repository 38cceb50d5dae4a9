import Foundation
import IngressModel
import Inventory
import KubeClient
import ManifestLoader

/// What a command analyses: the files, laid over the cluster's objects (live or from a snapshot)
/// when one is named.
struct LoadedState {
    var files: LoadResult
    /// The cluster's objects, when `--cluster` or `--snapshot` is given.
    var base: LoadResult?
    /// e.g. `cluster context prod (all namespaces, 12 list calls)`.
    var origin: String?
    var notes: [String] = []
    var inventory: Inventory

    /// Files and cluster objects together, for reporting (issues, quoted lines, skipped inputs).
    var combined: LoadResult {
        var result = base ?? LoadResult()
        result.append(files)
        return result
    }
}

extension InputOptions {
    func loadState() async throws -> LoadedState {
        let files = paths.isEmpty && hasClusterState ? LoadResult() : try load()
        guard hasClusterState else {
            return LoadedState(files: files, base: nil, origin: nil, inventory: Inventory(files.objects))
        }
        var base: LoadResult
        var origin: String
        var notes: [String] = []
        if let snapshot {
            do {
                base = try loader.load(paths: [snapshot])
            } catch let error as InputError {
                throw ToolFailure(error.description)
            }
            origin = "snapshot \(snapshot)"
        } else {
            let read = try await ClusterAccess.read(kubeconfig: kubeconfig, context: context, namespace: namespaceOption)
            base = read.load
            notes = read.notes
            origin = "cluster context \(read.contextName) (\(read.scope), \(read.listCalls) list calls)"
        }
        base.fileCount = 0
        return LoadedState(files: files, base: base, origin: origin, notes: notes, inventory: Inventory(base: base.objects, overlay: files.objects))
    }
}

/// Reading a cluster for the commands, with failures as one-line tool errors (exit 2).
enum ClusterAccess {
    /// `--probe`: each target through the API server's service proxy.
    static func probe(kubeconfig: String?, context: String?, targets: [ServicePortReference]) async throws -> [ServicePortReference: String?] {
        do {
            let api = try await KubeAPI.make(try ClusterConnection.resolve(kubeconfig: kubeconfig, context: context))
            let results = await BackendProber(api: api).probe(targets)
            await api.shutdown()
            return results
        } catch let error as ClusterConnection.ResolveError {
            throw ToolFailure(error.description)
        } catch let error as KubeError {
            throw ToolFailure(error.description)
        }
    }

    static func read(kubeconfig: String?, context: String?, namespace: String?) async throws -> ClusterReader.Snapshot {
        let connection: ClusterConnection
        do {
            connection = try ClusterConnection.resolve(kubeconfig: kubeconfig, context: context)
        } catch let error as ClusterConnection.ResolveError {
            throw ToolFailure(error.description)
        }
        if connection.insecureSkipTLSVerify {
            FileHandleOutput.standardError("warning: insecure-skip-tls-verify is set for context \(connection.contextName): the API server's certificate is not checked\n")
        }
        do {
            let api = try await KubeAPI.make(connection)
            let read: ClusterReader.Snapshot
            do {
                read = try await ClusterReader(api: api).read(namespace: namespace)
            } catch {
                await api.shutdown()
                throw error
            }
            await api.shutdown()
            return read
        } catch let error as KubeError {
            throw ToolFailure(error.description)
        }
    }
}
