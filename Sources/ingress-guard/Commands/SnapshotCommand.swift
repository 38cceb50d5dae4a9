import ArgumentParser
import Foundation
import KubeClient
import TLSInspect
import Analysis

struct SnapshotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Write the cluster objects the checks read to one YAML file, for offline use with --snapshot.",
        discussion: """
            Ingresses, IngressClasses, Services, EndpointSlices (or Endpoints), TLS Secrets and the Pods behind \
            named target ports. A Secret's tls.key is replaced by the SHA-256 of its public key: key/certificate \
            matching still works offline, and no private key is written.
            """)

    @Option(name: [.short, .long], help: "The file to write (atomically).")
    var output: String

    @Option(name: .customLong("kubeconfig"), help: "The kubeconfig (default: KUBECONFIG, then ~/.kube/config, then the pod's service account).")
    var kubeconfig: String?

    @Option(name: .customLong("context"), help: "The kubeconfig context (default: its current-context).")
    var context: String?

    @Option(name: [.customShort("n"), .customLong("namespace")], help: "Only this namespace (default: all).")
    var namespace: String?

    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "Every namespace (the default).")
    var allNamespaces = false

    func validate() throws {
        if allNamespaces && namespace != nil { throw ValidationError("-A/--all-namespaces and -n/--namespace exclude each other") }
        if let namespace, namespace.isEmpty { throw ValidationError("--namespace must not be empty") }
    }

    func run() async throws {
        let (read, warnings) = try await ClusterAccess.read(kubeconfig: kubeconfig, context: context, namespace: namespace)
        for warning in warnings { FileHandleOutput.standardError("warning: \(warning)\n") }
        let text = SnapshotRenderer.render(
            read.documents, context: read.contextName, scope: read.scope, takenAt: Date(),
            replaceKey: KeyFingerprint.replacement(forPrivateKeyPEM:))
        try FileHandleOutput.deliver(text, to: output)
        FileHandleOutput.standardError("wrote \(read.documents.count) objects of cluster context \(read.contextName) (\(read.scope)) to \(output)\n")
    }
}
