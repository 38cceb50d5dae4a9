import Foundation
import Testing

/// Every real-world manifest of ../shared/corpus/real lints without a crash.
@Suite struct CorpusTests {
    static let corpus = CLIRunner.repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/real")

    @Test(.enabled(if: FileManager.default.fileExists(atPath: corpus.path)))
    func everyCorpusFileLintsWithoutACrash() throws {
        let outcome = try CLIRunner.run(["lint", "--format", "json", Self.corpus.path])
        #expect(!outcome.signalled)
        #expect(outcome.status == 0 || outcome.status == 1, "\(outcome.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let summary = try #require(report["summary"] as? [String: Int])
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).filter {
            $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") || $0.hasSuffix(".json")
        }
        #expect(summary["files"] == files.count)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: corpus.path)))
    func eachCorpusFileAloneExitsZeroOrOne() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).sorted()
        for name in files {
            let outcome = try CLIRunner.run(["lint", "--format", "json", Self.corpus.appendingPathComponent(name).path])
            #expect(!outcome.signalled && (outcome.status == 0 || outcome.status == 1), "\(name): \(outcome.stderr)")
        }
    }
}
