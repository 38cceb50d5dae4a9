import IngressModel
import KubeClient

/// Reading a cluster for an analysis, with every failure as an `AnalysisFailure`.
public enum ClusterAccess {
    /// `--probe`: each target through the API server's service proxy.
    public static func probe(kubeconfig: String?, context: String?, targets: [ServicePortReference]) async throws -> [ServicePortReference: String?] {
        do {
            let api = try await KubeAPI.make(try ClusterConnection.resolve(kubeconfig: kubeconfig, context: context))
            let results = await BackendProber(api: api).probe(targets)
            await api.shutdown()
            return results
        } catch let error as ClusterConnection.ResolveError {
            throw AnalysisFailure(error.description)
        } catch let error as KubeError {
            throw AnalysisFailure(error.description)
        }
    }

    /// The cluster's objects, and warnings about how they were read.
    public static func read(
        kubeconfig: String?, context: String?, namespace: String?, progress: LoadProgress? = nil
    ) async throws -> (snapshot: ClusterReader.Snapshot, warnings: [String]) {
        let connection: ClusterConnection
        do {
            connection = try ClusterConnection.resolve(kubeconfig: kubeconfig, context: context)
        } catch let error as ClusterConnection.ResolveError {
            throw AnalysisFailure(error.description)
        }
        var warnings: [String] = []
        if connection.insecureSkipTLSVerify {
            warnings.append("insecure-skip-tls-verify is set for context \(connection.contextName): the API server's certificate is not checked")
        }
        do {
            let api = try await KubeAPI.make(connection)
            let read: ClusterReader.Snapshot
            do {
                var listed: (@Sendable (Int, Int, Int) -> Void)?
                if let progress {
                    listed = { calls, listed, resources in progress.report("cluster: \(listed)/\(resources) resources listed, \(calls) list calls") }
                }
                read = try await ClusterReader(api: api).read(namespace: namespace, progress: listed)
            } catch {
                await api.shutdown()
                throw error
            }
            await api.shutdown()
            return (read, warnings)
        } catch let error as KubeError {
            throw AnalysisFailure(error.description)
        }
    }
}
