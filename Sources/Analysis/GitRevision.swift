import Foundation

/// The manifests of a git revision, written out to a temporary directory so that they load as any
/// other input (`diff --git-base REF`). Only git runs, with the revision and paths as arguments
/// of their own (never through a shell); a revision that looks like an option is refused.
public enum GitRevision {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    static let manifestExtensions = [".yaml", ".yml", ".json"]

    /// Writes the manifests under `paths` (relative to `directory`, as git reads them there) at
    /// `revision` into a new temporary directory, which it returns with the files written.
    /// Also returns `paths` as they are inside the written tree, so that both sides are read by the
    /// same discovery rules (dot-directories, explicit files); a path the revision lacks is left out.
    public static func materialize(revision: String, paths: [String], in directory: String) throws -> (root: URL, files: Int, paths: [String]) {
        guard !revision.isEmpty, !revision.hasPrefix("-") else { throw Failure(description: "--git-base takes a revision (a branch, tag or commit), got \"\(revision)\"") }
        let top = try run(["-C", directory, "rev-parse", "--show-toplevel"]).trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try run(["-C", directory, "rev-parse", "--verify", "--quiet", revision + "^{commit}"], failure: "\(revision) is no commit of the repository at \(top)")
        let listing = try run(["-C", directory, "ls-tree", "-r", "-z", "--name-only", "--full-name", revision, "--"] + (paths.isEmpty ? ["."] : paths))
        let names = listing.split(separator: "\0").map(String.init).filter { name in manifestExtensions.contains { name.hasSuffix($0) } }
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ingress-guard-\(UUID().uuidString)")
        for name in names {
            let content = try runData(["-C", top, "show", "\(revision):\(name)"])
            let target = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try content.write(to: target)
        }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let prefix = try run(["-C", directory, "rev-parse", "--show-prefix"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let base = root.appendingPathComponent(prefix)
        let rerooted = (paths.isEmpty ? ["."] : paths).map { base.appendingPathComponent($0).standardizedFileURL.path }
            .filter { FileManager.default.fileExists(atPath: $0) }
        return (root, names.count, rerooted.isEmpty ? [root.path] : rerooted)
    }

    private static func run(_ arguments: [String], failure: String? = nil) throws -> String {
        String(decoding: try runData(arguments, failure: failure), as: UTF8.self)
    }

    private static func runData(_ arguments: [String], failure: String? = nil) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw Failure(description: "cannot run git: \(error)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: failure ?? "git \(arguments.dropFirst(2).joined(separator: " ")) failed: \(message)")
        }
        return data
    }
}
