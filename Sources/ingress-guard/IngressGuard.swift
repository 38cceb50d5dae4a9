import ArgumentParser
import Reporting
import Foundation
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The root command. Every subcommand lives in Commands/ and holds no analysis logic.
struct IngressGuard: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingress-guard",
        abstract: "Checks Kubernetes Ingress manifests for what the API server would reject and what would misroute traffic.",
        version: Report.toolVersion,
        subcommands: [Lint.self, Explain.self, Verify.self, RoutesCommand.self, DiffCommand.self, ProxyCommand.self, SnapshotCommand.self, WebhookCommand.self, RulesCommand.self, LSPCommand.self],
        defaultSubcommand: nil
    )
}

/// Exit codes, the same for every format: 0 clean, 1 findings at or above --fail-on, 2 the tool
/// could not do its job. ArgumentParser's usage errors (64) are mapped to 2.
@main
enum Main {
    static func main() async {
        do {
            var command = try IngressGuard.parseAsRoot()
            if command is WebhookServe {
                // An admission is a short burst of CPU between two socket operations: running its
                // task on the event loop that holds the connection, instead of handing it to
                // Swift's own thread pool and back, took p99 at 16 connections from 16.9 to 5.5 ms
                // (Benchmarks/webhook.sh). NIO requires this call on the main thread, once.
                NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
            }
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let code as ExitCode {
            exit(code.rawValue)
        } catch {
            let code = IngressGuard.exitCode(for: error)
            let message = IngressGuard.fullMessage(for: error)
            if code == .success {
                print(message)
                exit(0)
            }
            FileHandleOutput.standardError("\(message)\n")
            exit(2)
        }
    }
}

/// Writes straight to the file descriptors: no shared C stream state, nothing buffered at exit.
enum FileHandleOutput {
    static func standardError(_ text: String) { write(text, to: STDERR_FILENO) }

    static func standardOutput(_ text: String) { write(text, to: STDOUT_FILENO) }

    /// A report goes to `--output` (replaced atomically, so a reader never sees half of it) or stdout.
    static func deliver(_ text: String, to path: String?) throws {
        guard let path else { return standardOutput(text) }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ToolFailure("cannot write \(path): \(error.localizedDescription)")
        }
    }

    private static func write(_ text: String, to descriptor: Int32) {
        // From the string's own storage: a copy of a large report is megabytes more at its peak.
        var text = text
        text.withUTF8 { utf8 in
            var remaining = UnsafeRawBufferPointer(utf8)
            while !remaining.isEmpty {
                let written = systemWrite(descriptor, remaining.baseAddress, remaining.count)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                remaining = UnsafeRawBufferPointer(rebasing: remaining[written...])
            }
        }
    }
}

private let systemWrite = write

/// A failure of the tool itself (exit 2) with one clear line.
struct ToolFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
