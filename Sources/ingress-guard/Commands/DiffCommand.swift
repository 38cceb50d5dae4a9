import ArgumentParser
import Analysis
import Foundation
import Reporting
import Routing

enum DiffFormat: String, CaseIterable, ExpressibleByArgument {
    case text, json, markdown
}

struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show the requests that two routings send to different places.",
        discussion: """
            diff BASE HEAD: two files or trees. diff --git-base REF [PATH...]: the working tree against a git \
            revision. diff --from PROFILE --to PROFILE [PATH...]: the same Ingresses routed by two controllers' \
            semantics (e.g. --from ingress-nginx --to spec: what changes when moving off ingress-nginx); --to \
            alone compares with each class's own controller. The requests tried are generated from both route \
            tables. Exit status: 0 nothing differs, 1 something does, 2 the tool could not run.
            """)

    @OptionGroup var input: InputOptions

    @Option(name: .customLong("git-base"), help: "Compare the paths in the working tree with this git revision.")
    var gitBase: String?

    @Option(help: "Route every Ingress by this profile's semantics on the before side (see `rules profiles`).")
    var from: String?

    @Option(help: "Route every Ingress by this profile's semantics on the after side.")
    var to: String?

    @Option(help: "text, json or markdown (a pull-request comment).")
    var format: DiffFormat = .text

    @Option(help: "Write to this file instead of standard output.")
    var output: String?

    func validate() throws {
        let semantic = from != nil || to != nil
        if semantic && gitBase != nil { throw ValidationError("--from/--to and --git-base are two kinds of diff: give one") }
        if from != nil && to == nil { throw ValidationError("--from goes with --to") }
        for id in [from, to].compactMap({ $0 }) where ControllerProfile.named(id) == nil {
            throw ValidationError("unknown profile \"\(id)\" (known: \(ControllerProfile.all.map(\.id).joined(separator: ", ")))")
        }
        if !semantic && gitBase == nil && input.paths.count != 2 {
            throw ValidationError("give BASE and HEAD paths, or --git-base REF [PATH...], or --from/--to PROFILE [PATH...]")
        }
    }

    func run() async throws {
        let diff: RoutingDiff
        if let to, let target = ControllerProfile.named(to) {
            let state = try await input.loadState()
            input.announce(state, as: "compared from")
            let before: RouteTable
            let beforeLabel: String
            if let from, let origin = ControllerProfile.named(from) {
                before = RouteTable(inventory: state.inventory, mapping: input.controllers, semantics: .init(profile: origin, reason: "--from \(from)"))
                beforeLabel = from
            } else {
                before = RouteTable(inventory: state.inventory, mapping: input.controllers)
                beforeLabel = "as served"
            }
            let after = RouteTable(inventory: state.inventory, mapping: input.controllers, semantics: .init(profile: target, reason: "--to \(to)"))
            diff = RoutingDiff(
                before: .init(label: beforeLabel, table: before, inventory: state.inventory),
                after: .init(label: to, table: after, inventory: state.inventory))
        } else {
            let (baseInputs, headInputs, labels) = try await sides()
            diff = RoutingDiff(
                before: .init(label: labels.0, table: RouteTable(inventory: baseInputs.inventory, mapping: input.controllers), inventory: baseInputs.inventory),
                after: .init(label: labels.1, table: RouteTable(inventory: headInputs.inventory, mapping: input.controllers), inventory: headInputs.inventory))
        }
        let rendered: String
        switch format {
        case .text: rendered = DiffFormatter.text(diff)
        case .json: rendered = DiffFormatter.json(diff)
        case .markdown: rendered = DiffFormatter.markdown(diff)
        }
        try FileHandleOutput.deliver(rendered, to: output)
        if !diff.differences.isEmpty { throw ExitCode(1) }
    }

    /// The two input sets: the git revision and the working tree, or the two paths given.
    private func sides() async throws -> (LoadedInputs, LoadedInputs, (String, String)) {
        var base = input
        var head = input
        let labels: (String, String)
        if let gitBase {
            let revision: (root: URL, files: Int, paths: [String])
            do {
                revision = try GitRevision.materialize(revision: gitBase, paths: input.paths, in: FileManager.default.currentDirectoryPath)
            } catch {
                throw ToolFailure("\(error)")
            }
            defer { try? FileManager.default.removeItem(at: revision.root) }
            base.paths = revision.paths
            head.paths = input.paths.isEmpty ? ["."] : input.paths
            labels = (gitBase, "working tree")
            let loadedBase = try await base.loadState()
            return (loadedBase, try await head.loadState(), labels)
        }
        base.paths = [input.paths[0]]
        head.paths = [input.paths[1]]
        labels = (input.paths[0], input.paths[1])
        return (try await base.loadState(), try await head.loadState(), labels)
    }
}
