import Foundation
import IngressModel
import Rules
import Routing

/// Everything a formatter renders: findings in report order plus the run's counts.
public struct Report: Sendable {
    /// A file left out of the analysis (binary, unreadable, symlink loop), shown as a note.
    public struct Note: Sendable {
        public var file: String
        public var reason: String
        public init(file: String, reason: String) {
            self.file = file
            self.reason = reason
        }
    }

    public static let toolName = "ingress-guard"
    /// The one version string: `--version`, the JSON and SARIF reports; the Dockerfile's labels,
    /// the deployment's image tag and the CHANGELOG are kept equal to it by a test.
    public static let toolVersion = "0.1.0"

    public var findings: [Finding]
    public var suppressedCount: Int
    public var fileCount: Int
    public var objectCount: Int
    /// Objects of kinds the analysis does not read.
    public var ignoredCount: Int
    public var notes: [Note]
    public var sources: [String: SourceText]
    /// The rule documentation, for formats that carry it (SARIF). Parsed on first use: a small
    /// lint run in text or JSON never pays for parsing every rule file.
    public var catalog: RuleCatalog {
        get { catalogOverride ?? .shared }
        set { catalogOverride = newValue }
    }
    private var catalogOverride: RuleCatalog?
    /// The controller profile that judged each Ingress, and why.
    public var judgements: [(ingress: ObjectRef, judged: JudgingProfile)] = []

    public init(
        findings: [Finding], suppressedCount: Int = 0, fileCount: Int = 0, objectCount: Int = 0,
        ignoredCount: Int = 0, notes: [Note] = [], sources: [SourceText] = [], catalog: RuleCatalog? = nil
    ) {
        self.findings = findings.sorted(by: Finding.reportOrder)
        self.suppressedCount = suppressedCount
        self.fileCount = fileCount
        self.objectCount = objectCount
        self.ignoredCount = ignoredCount
        self.notes = notes
        var byPath: [String: SourceText] = [:]
        for source in sources { byPath[source.path] = source }
        self.sources = byPath
        self.catalogOverride = catalog
    }

    public func count(_ severity: Severity) -> Int { findings.reduce(0) { $0 + ($1.severity == severity ? 1 : 0) } }

    /// The text of a source line for quoting, unless it may hold Secret material.
    public func sourceLine(_ location: SourceLocation) -> String? {
        guard let source = sources[location.file] else { return nil }
        return source.line(location.line, starts: lineIndex.starts(of: source))
    }

    /// Line offsets, computed once per file however many findings quote it.
    let lineIndex = LineIndex()
}

final class LineIndex: @unchecked Sendable {
    private let lock = NSLock()
    private var cache: [String: [Int]] = [:]

    func starts(of source: SourceText) -> [Int] {
        lock.lock()
        defer { lock.unlock() }
        if let cached = cache[source.path] { return cached }
        let starts = source.lineStarts()
        cache[source.path] = starts
        return starts
    }
}

/// Renders a report in one output format.
public protocol ReportFormatter: Sendable {
    func render(_ report: Report) -> String
}

public enum OutputFormat: String, CaseIterable, Sendable {
    case text, json, yaml, sarif, junit, github, codequality

    public func formatter(colour: Bool) -> any ReportFormatter {
        switch self {
        case .text: return TextFormatter(colour: colour)
        case .json: return JSONFormatter()
        case .yaml: return YAMLFormatter()
        case .sarif: return SARIFFormatter()
        case .junit: return JUnitFormatter()
        case .github: return GitHubFormatter()
        case .codequality: return CodeQualityFormatter()
        }
    }
}
