import Analysis
import Foundation
import IngressModel
import Inventory
import ManifestLoader
import Rules

/// The lint findings of one open document, judged with the other files of the workspace (an
/// Ingress's Services and Secrets usually live beside it) and the workspace's configuration: the
/// same rules and options as `lint` on the whole folder, reported for that document only.
struct WorkspaceLinter {
    var root: String?
    var configuration = LintConfiguration()
    /// Objects of the workspace's files, by file, read when the server starts and when a file is saved.
    var objectsByFile: [String: [ManifestObject]] = [:]
    private var engine = LintEngine()

    /// Why the configuration could not be read, for the client's log.
    var configurationProblem: String?

    init(root: String?) {
        self.root = root
        reloadConfiguration()
        reloadWorkspace()
    }

    mutating func reloadConfiguration() {
        configuration = LintConfiguration()
        configurationProblem = nil
        if let root, let path = LintConfiguration.find(from: root) {
            do {
                configuration = try LintConfiguration.load(path: path, knownRules: Set(BuiltinRules.all.map(\.id)))
            } catch {
                configurationProblem = "\(error)"
            }
        }
        engine = LintEngine(configuration: configuration)
        engine.runsDisabledRules = false
        engine.concurrent = false
    }

    mutating func reloadWorkspace() {
        objectsByFile = [:]
        guard let root else { return }
        guard let loaded = try? ManifestLoader().load(paths: [root]) else { return }
        for object in loaded.objects { objectsByFile[object.source.file, default: []].append(object) }
    }

    /// Re-reads one file of the workspace (saved, created or deleted).
    mutating func reload(file path: String) {
        objectsByFile[path] = nil
        guard FileManager.default.fileExists(atPath: path), let loaded = try? ManifestLoader().load(paths: [path]) else { return }
        objectsByFile[path] = loaded.objects
    }

    func findings(text: String, path: String) -> [Finding] {
        let loaded = ManifestLoader().load(text: text, file: path)
        let others = objectsByFile.filter { $0.key != path }.sorted { $0.key < $1.key }.flatMap(\.value)
        let options = LintRequest(configuration: configuration).options(clusterState: false)
        let context = RuleContext(
            inventory: Inventory(base: others, overlay: loaded.objects), loadIssues: loaded.issues, options: options,
            concurrent: false, needs: engine.requiredInputs)
        return engine.run(context).findings.filter { $0.location.file == path }
    }
}
