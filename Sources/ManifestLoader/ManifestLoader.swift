import Dispatch
import Foundation
import IngressModel
import ParallelWork
import StructuredText

/// Everything read from the inputs, ready for the inventory and the rules.
public struct LoadResult: Sendable {
    public var objects: [ManifestObject] = []
    public var issues: [LoadIssue] = []
    public var sources: [SourceText] = []
    public var skipped: [SkippedInput] = []
    public var fileCount = 0
    /// Inputs named on the command line that could not be read at all.
    var unreadable: [String] = []

    public init() {}

    public mutating func append(_ other: LoadResult) {
        objects.append(contentsOf: other.objects)
        issues.append(contentsOf: other.issues)
        sources.append(contentsOf: other.sources)
        skipped.append(contentsOf: other.skipped)
        unreadable.append(contentsOf: other.unreadable)
        fileCount += other.fileCount
    }
}

/// Reads files, directories and stdin into objects with positions. A syntax error in one file is an
/// issue of that file; the other files are still read.
public struct ManifestLoader: Sendable {
    public var limits: InputLimits
    public var defaultNamespace: String

    public init(limits: InputLimits = InputLimits(), defaultNamespace: String = "default") {
        self.limits = limits
        self.defaultNamespace = defaultNamespace
    }

    /// Throws `InputError` when a path does not exist: the tool cannot do its job. `progress`
    /// hears each file done (files done, files in all), from whichever thread read it.
    public func load(paths: [String], progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) throws -> LoadResult {
        let (inputs, skipped) = try InputDiscovery().discover(paths)
        var result = LoadResult()
        result.skipped = skipped
        let allowance = AliasAllowance(total: limits.maxAliasExpansionPerRun)
        let done = DoneCounter()
        // Files are independent: read and parse them on every core, then merge in input order.
        for partial in OrderedResults.compute(count: inputs.count, { index in
            let loaded = load(input: inputs[index], allowance: allowance)
            if let progress { progress(done.increment(), inputs.count) }
            return loaded
        }) {
            result.append(partial)
        }
        if let first = result.unreadable.first { throw InputError(first) }
        return result
    }

    private func load(input: InputSource, allowance: AliasAllowance) -> LoadResult {
        var result = LoadResult()
        switch InputReader(limits: limits).read(input) {
        case .skipped(let reason):
            result.skipped.append(SkippedInput(path: input.displayName, reason: reason))
        case .unreadable(let reason):
            result.unreadable.append(reason)
        case .refused(let message, let line, let column):
            result.fileCount = 1
            result.issues.append(LoadIssue(.invalid, message, at: SourceLocation(file: input.displayName, line: line, column: column)))
        case .text(let text):
            result = load(text: text, file: input.displayName, allowance: allowance)
        }
        return result
    }

    /// Reads one text as if it were the file `file`; `allowance` is the run's, when the text is
    /// one of several.
    public func load(text: String, file: String, allowance: AliasAllowance? = nil) -> LoadResult {
        var result = LoadResult()
        result.fileCount = 1
        let composed: YAMLComposer.Result
        if text.utf8.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) == UInt8(ascii: "{"),
            let root = JSONComposer.compose(text) {
            composed = YAMLComposer.Result(documents: [YAMLComposer.Document(root: root, index: 0)], error: nil)
        } else {
            composed = YAMLComposer(aliasBudget: limits.maxAliasExpansion, runAllowance: allowance).compose(text)
        }
        var output = ManifestDecoder.Output()
        let decoder = ManifestDecoder(file: file, defaultNamespace: defaultNamespace)
        for (position, document) in composed.documents.enumerated() {
            if document.root.isNull { continue }
            let endLine = position + 1 < composed.documents.count ? composed.documents[position + 1].root.line - 1 : Int.max
            decoder.decode(document: document.root, index: document.index, endLine: endLine, into: &output)
        }
        if let error = composed.error {
            output.issues.append(LoadIssue(.invalid, error.message, at: SourceLocation(file: file, line: error.line, column: error.column)))
            // A document that failed to parse may be a Secret whose values were never located:
            // quote nothing of such a file.
            if text.range(of: "secret", options: .caseInsensitive) != nil {
                output.sensitiveLines.append(1...Int.max)
            }
        }
        result.objects = output.objects
        result.issues = output.issues
        result.skipped = output.skipped
        result.sources = [SourceText(path: file, text: text, redactedLines: output.sensitiveLines)]
        return result
    }
}


/// Files done so far, counted from the threads that load them.
final class DoneCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        count += 1
        return count
    }
}
