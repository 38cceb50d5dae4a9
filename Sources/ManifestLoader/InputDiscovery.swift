#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One input to read: a file named on the command line or found in a directory walk, or stdin.
public struct InputSource: Hashable, Sendable {
    public enum Origin: Hashable, Sendable {
        case file(path: String)
        case standardInput
    }

    public var origin: Origin
    /// The name used in findings: the path as the user gave it (or joined under a directory), `<stdin>`.
    public var displayName: String
    /// True when found by walking a directory: binary files are then skipped with a note.
    public var fromDirectoryWalk: Bool

    public init(origin: Origin, displayName: String, fromDirectoryWalk: Bool) {
        self.origin = origin
        self.displayName = displayName
        self.fromDirectoryWalk = fromDirectoryWalk
    }
}

/// A file left out of the analysis, with the reason, reported as a note.
public struct SkippedInput: Hashable, Sendable {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}

/// The tool cannot do its job with these paths (exit code 2).
public struct InputError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Expands command-line paths into inputs: files as given, directories walked recursively for
/// `*.yaml`, `*.yml` and `*.json`, `-` for stdin. Symlinks are followed, but a directory already
/// visited (by device and inode) is never entered again, so symlink loops end.
public struct InputDiscovery: Sendable {
    public static let manifestExtensions: Set<String> = ["yaml", "yml", "json"]

    public init() {}

    public func discover(_ paths: [String]) throws -> (inputs: [InputSource], skipped: [SkippedInput]) {
        var inputs: [InputSource] = []
        var skipped: [SkippedInput] = []
        var seen: Set<String> = []
        var stdinUsed = false
        for path in paths {
            if path == "-" {
                guard !stdinUsed else { continue }
                stdinUsed = true
                inputs.append(InputSource(origin: .standardInput, displayName: "<stdin>", fromDirectoryWalk: false))
                continue
            }
            var info = stat()
            guard stat(path, &info) == 0 else {
                let reason = String(cString: strerror(errno))
                throw InputError("cannot read \(path): \(reason)")
            }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                walk(directory: path, into: &inputs, skipped: &skipped, seen: &seen)
            } else {
                let input = InputSource(origin: .file(path: path), displayName: path, fromDirectoryWalk: false)
                if seen.insert(Self.identity(of: path)).inserted { inputs.append(input) }
            }
        }
        return (inputs, skipped)
    }

    private struct DirectoryID: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    /// A file named twice (directly and through a directory, or as ./x and x) is read once.
    static func identity(of path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { return path }
        return "\(info.st_dev):\(info.st_ino)"
    }

    private func walk(directory root: String, into inputs: inout [InputSource], skipped: inout [SkippedInput], seen: inout Set<String>) {
        var visited: Set<DirectoryID> = []
        var stack: [String] = [root]
        while let directory = stack.popLast() {
            var info = stat()
            guard stat(directory, &info) == 0 else {
                skipped.append(SkippedInput(path: directory, reason: "unreadable: \(String(cString: strerror(errno)))"))
                continue
            }
            let id = DirectoryID(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
            guard visited.insert(id).inserted else {
                skipped.append(SkippedInput(path: directory, reason: "directory already visited (symlink loop)"))
                continue
            }
            guard let entries = listDirectory(directory) else {
                skipped.append(SkippedInput(path: directory, reason: "unreadable: \(String(cString: strerror(errno)))"))
                continue
            }
            var subdirectories: [String] = []
            for name in entries.sorted() {
                let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
                var entryInfo = stat()
                guard stat(path, &entryInfo) == 0 else {
                    skipped.append(SkippedInput(path: path, reason: "unreadable or dangling link: \(String(cString: strerror(errno)))"))
                    continue
                }
                switch entryInfo.st_mode & S_IFMT {
                case S_IFDIR:
                    // Version-control and tool folders hold no manifests of the user's.
                    if !name.hasPrefix(".") { subdirectories.append(path) }
                case S_IFREG:
                    guard let dot = name.lastIndex(of: "."),
                        Self.manifestExtensions.contains(name[name.index(after: dot)...].lowercased())
                    else { continue }
                    let input = InputSource(origin: .file(path: path), displayName: path, fromDirectoryWalk: true)
                    if seen.insert(Self.identity(of: path)).inserted { inputs.append(input) }
                default:
                    continue
                }
            }
            // Depth-first in name order, so the report order follows the tree.
            stack.append(contentsOf: subdirectories.reversed())
        }
    }

    private func listDirectory(_ path: String) -> [String]? {
        guard let handle = opendir(path) else { return nil }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
