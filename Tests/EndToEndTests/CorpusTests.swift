import Foundation
import Testing

/// Every real-world manifest of ../shared/corpus/real lints without a crash.
@Suite struct CorpusTests {
    static let corpus = CLIRunner.repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/real")

    @Test(.enabled(if: FileManager.default.fileExists(atPath: corpus.path), "../shared/corpus/real is absent: the corpus tests need it"))
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

    @Test(.enabled(if: FileManager.default.fileExists(atPath: corpus.path), "../shared/corpus/real is absent: the corpus tests need it"))
    func eachCorpusFileAloneExitsZeroOrOne() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).sorted()
        for name in files {
            let outcome = try CLIRunner.run(["lint", "--format", "json", Self.corpus.appendingPathComponent(name).path])
            #expect(!outcome.signalled && (outcome.status == 0 || outcome.status == 1), "\(name): \(outcome.stderr)")
        }
    }
}

/// Conflicts exist only within one class: linting each real corpus file as its project would,
/// no routing finding relates two Ingresses of different classes. The classes are read back
/// independently with PyYAML (Support/ingress_class_at.py).
@Suite struct CorpusClassSeparationTests {
    @Test(.enabled(if: FileManager.default.fileExists(atPath: CorpusTests.corpus.path), "../shared/corpus/real is absent: the corpus tests need it"))
    func routingConflictsNeverCrossClasses() throws {
        let rules: Set<String> = ["host-path-conflict", "duplicate-route", "shadowed-path", "default-backend-conflict", "cross-namespace-host"]
        var pairs: [[Any]] = []
        var labels: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: CorpusTests.corpus.path).sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            let path = CorpusTests.corpus.appendingPathComponent(name).path
            let outcome = try CLIRunner.run(["lint", "--format", "json", path])
            guard let report = try? JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any],
                let diagnostics = report["diagnostics"] as? [[String: Any]]
            else { continue }
            for diagnostic in diagnostics where rules.contains(diagnostic["rule"] as? String ?? "") {
                guard let line = (diagnostic["location"] as? [String: Any])?["line"] as? Int,
                    let related = ((diagnostic["related"] as? [[String: Any]])?.first?["location"] as? [String: Any]),
                    let relatedLine = related["line"] as? Int, related["file"] as? String == path
                else { continue }
                pairs.append([path, line])
                pairs.append([path, relatedLine])
                labels.append("\(name):\(line) \(diagnostic["rule"] ?? "")")
            }
        }
        #expect(!labels.isEmpty, "the corpus should exercise the routing rules")
        let script = CLIRunner.repositoryRoot.appendingPathComponent("Tests/EndToEndTests/Support/ingress_class_at.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: pairs))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let classes = try #require(try JSONSerialization.jsonObject(with: data) as? [String])
        #expect(classes.count == pairs.count)
        for (index, label) in labels.enumerated() where index * 2 + 1 < classes.count {
            #expect(classes[index * 2] == classes[index * 2 + 1], "\(label): \(classes[index * 2]) vs \(classes[index * 2 + 1])")
        }
    }
}
