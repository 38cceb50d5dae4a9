import Foundation
import IngressModel
import Testing
@testable import ManifestLoader

/// Hostile and broken inputs: each gets a clear issue with file and line, none hangs or crashes.
@Suite struct InputSafetyTests {
    let loader = ManifestLoader()

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ig-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func emptyFileYieldsNoObjectsAndNoIssues() {
        let result = loader.load(text: "", file: "empty.yaml")
        #expect(result.objects.isEmpty)
        #expect(result.issues.isEmpty)
        #expect(result.fileCount == 1)
    }

    @Test func fileOfOnlyDocumentSeparatorsIsEmpty() {
        let result = loader.load(text: "---\n---\n", file: "dashes.yaml")
        #expect(result.objects.isEmpty)
        #expect(result.issues.isEmpty)
    }

    @Test func nonUTF8BytesAreRefusedWithLineAndColumn() throws {
        let directory = try temporaryDirectory()
        let file = directory.appendingPathComponent("latin1.yaml")
        var bytes = Array("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf".utf8)
        bytes.append(0xE9)
        bytes.append(contentsOf: Array("\n".utf8))
        try Data(bytes).write(to: file)
        let result = try loader.load(paths: [file.path])
        let issue = try #require(result.issues.first)
        #expect(issue.message.contains("not valid UTF-8"))
        #expect(issue.location.line == 4)
        #expect(issue.location.column == 12)
    }

    @Test func binaryFileInDirectoryWalkIsSkippedWithNote() throws {
        let directory = try temporaryDirectory()
        try Data([0x7F, 0x45, 0x4C, 0x46, 0x00, 0x01, 0x02]).write(to: directory.appendingPathComponent("tool.yaml"))
        try "apiVersion: v1\nkind: Service\nmetadata: {name: s}\n".write(to: directory.appendingPathComponent("svc.yaml"), atomically: true, encoding: .utf8)
        let result = try loader.load(paths: [directory.path])
        #expect(result.objects.count == 1)
        #expect(result.issues.isEmpty)
        #expect(result.skipped.count == 1)
        #expect(result.skipped.first?.reason.contains("binary") == true)
    }

    @Test func binaryFileNamedExplicitlyIsAnIssue() throws {
        let directory = try temporaryDirectory()
        let file = directory.appendingPathComponent("blob.bin")
        try Data([0x00, 0x01]).write(to: file)
        let result = try loader.load(paths: [file.path])
        #expect(result.issues.first?.message.contains("binary file") == true)
    }

    @Test func aliasBombIsRefusedQuickly() {
        var yaml = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for level in 1...9 {
            let previous = Character(UnicodeScalar(UInt8(ascii: "a") + UInt8(level - 1)))
            let name = Character(UnicodeScalar(UInt8(ascii: "a") + UInt8(level)))
            yaml += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
        }
        let start = Date()
        let result = loader.load(text: yaml, file: "bomb.yaml")
        #expect(Date().timeIntervalSince(start) < 5)
        let issue = result.issues.first
        #expect(issue?.message.contains("alias") == true)
        #expect((issue?.location.line ?? 0) >= 1)
    }

    /// A document whose anchors expand to 9^(levels) nodes, padded to `padding` bytes with a comment.
    static func aliasDocument(levels: Int, padding: Int = 0) -> String {
        var yaml = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for level in 1..<levels {
            let previous = Character(UnicodeScalar(UInt8(ascii: "a") + UInt8(level - 1)))
            let name = Character(UnicodeScalar(UInt8(ascii: "a") + UInt8(level)))
            yaml += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
        }
        if padding > yaml.utf8.count { yaml += "# " + String(repeating: "x", count: padding - yaml.utf8.count) + "\n" }
        return yaml
    }

    /// 16.3: many documents each just under a per-document cap were 37 s and 5.4 GB for 1.6 MB.
    /// The budget is the file's: the second such document is refused.
    @Test func theAliasBudgetIsPerFileNotPerDocument() {
        // 9^5 = 59,049 nodes a document; 20 documents would be 1.2 million.
        let text = (0..<20).map { _ in Self.aliasDocument(levels: 5, padding: 2_000) }.joined(separator: "---\n")
        let result = loader.load(text: text, file: "many.yaml")
        let issue = result.issues.first { $0.message.contains("alias") }
        #expect(issue?.message.contains("in this file") == true, "\(result.issues.map(\.message))")
        #expect((issue?.location.line ?? 0) > 5, "the first document fits, a later one does not")
    }

    /// A small file gets a budget in proportion to its size: the tree stays within a multiple of
    /// the input.
    @Test func theAliasBudgetIsBoundedByTheFilesSize() {
        let result = loader.load(text: Self.aliasDocument(levels: 5), file: "small.yaml")
        #expect(result.issues.first?.message.contains("alias") == true, "\(result.issues.map(\.message))")
    }

    /// Files loaded together share one allowance: fifteen files of 59,049 alias nodes each, every
    /// one within its own budget, pass a million in all.
    @Test func theAliasAllowanceIsPerRun() throws {
        let directory = try temporaryDirectory()
        for index in 0..<20 {
            try Self.aliasDocument(levels: 5, padding: 2_000).write(
                to: directory.appendingPathComponent("doc-\(index).yaml"), atomically: true, encoding: .utf8)
        }
        let single = loader.load(text: Self.aliasDocument(levels: 5, padding: 2_000), file: "one.yaml")
        #expect(!single.issues.contains { $0.message.contains("alias") }, "one such file alone is within its budget")
        let result = try loader.load(paths: [directory.path])
        #expect(result.issues.contains { $0.message.contains("this run's files") }, "\(result.issues.map(\.message))")
    }

    @Test func modestAliasUseStillWorks() {
        let yaml = """
            apiVersion: v1
            kind: Service
            metadata:
              name: s
              labels: &labels {app: web}
              annotations: *labels
            """
        let result = loader.load(text: yaml, file: "alias.yaml")
        #expect(result.issues.isEmpty)
        #expect(result.objects.first?.metadata.annotations["app"]?.value == "web")
    }

    @Test func deepNestingIsRefusedWithPosition() {
        let depth = 10_000
        let yaml = "a: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
        let result = loader.load(text: yaml, file: "deep.yaml")
        let issue = result.issues.first
        #expect(issue?.message.contains("nesting") == true || issue?.message.contains("Maximum") == true)
        #expect(issue?.location.line == 1)
    }

    @Test func deepBlockNestingIsRefused() {
        var yaml = ""
        for level in 0..<10_000 { yaml += String(repeating: " ", count: level) + "k:\n" }
        let result = loader.load(text: yaml, file: "deep-block.yaml")
        #expect(!result.issues.isEmpty)
    }

    @Test func fileOverTheCapIsRefusedUnlessRaised() throws {
        let directory = try temporaryDirectory()
        let file = directory.appendingPathComponent("huge.yaml")
        let line = "# " + String(repeating: "x", count: 1022) + "\n"
        let text = String(repeating: line, count: 50 * 1024)
        try text.write(to: file, atomically: true, encoding: .utf8)
        let refused = try ManifestLoader().load(paths: [file.path])
        #expect(refused.issues.count == 1)
        #expect(refused.issues.first?.message.contains("over the 32 MiB input limit") == true)
        #expect(refused.issues.first?.message.contains("--max-file-size") == true)
        let raised = try ManifestLoader(limits: InputLimits(maxFileBytes: 64 * 1_048_576)).load(paths: [file.path])
        #expect(raised.issues.isEmpty)
    }

    @Test func symlinkLoopEnds() throws {
        let directory = try temporaryDirectory()
        let inner = directory.appendingPathComponent("inner")
        try FileManager.default.createDirectory(at: inner, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: inner.appendingPathComponent("loop").path, withDestinationPath: directory.path)
        try "apiVersion: v1\nkind: Service\nmetadata: {name: s}\n".write(to: inner.appendingPathComponent("svc.yaml"), atomically: true, encoding: .utf8)
        let result = try loader.load(paths: [directory.path])
        #expect(result.objects.count == 1)
        #expect(result.skipped.contains { $0.reason.contains("symlink loop") })
    }

    @Test func missingPathThrows() {
        #expect(throws: InputError.self) { try loader.load(paths: ["/nonexistent/path.yaml"]) }
    }

    @Test func unknownKindsAreKeptAsOther() {
        let result = loader.load(text: "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {anything: [1, 2]}\n", file: "w.yaml")
        #expect(result.issues.isEmpty)
        guard case .other = result.objects.first?.payload else {
            Issue.record("expected an ignored object")
            return
        }
    }

    @Test(arguments: [("- a\n- b\n", "a list"), ("just text\n", "a string")])
    func documentThatIsNotAMappingIsAnIssue(text: String, type: String) {
        let result = loader.load(text: text, file: "odd.yaml")
        let issue = result.issues.first
        #expect(issue?.message.contains(type) == true)
        #expect(issue?.location.line == 1)
    }

    @Test func syntaxErrorKeepsEarlierDocuments() {
        let text = "apiVersion: v1\nkind: Service\nmetadata: {name: s}\n---\nkind: [unclosed\n"
        let result = loader.load(text: text, file: "broken.yaml")
        #expect(result.objects.count == 1)
        #expect(result.issues.first?.location.line == 6 || result.issues.first?.location.line == 5)
        #expect(result.issues.first?.message.contains("YAML syntax error") == true)
    }

    @Test func yamlOfOtherToolsIsSkippedWithANote() {
        let result = loader.load(text: "replicaCount: 2\nimage: {tag: v1}\n", file: "values.yaml")
        #expect(result.issues.isEmpty)
        #expect(result.objects.isEmpty)
        #expect(result.skipped.first?.path == "values.yaml:1")
    }

    @Test func anObjectMissingItsKindIsAnIssue() {
        let result = loader.load(text: "apiVersion: v1\nmetadata: {name: x}\n", file: "x.yaml")
        #expect(result.issues.first?.message == "object has no `kind`")
        let noVersion = loader.load(text: "kind: Service\nmetadata: {name: x}\n", file: "x.yaml")
        #expect(noVersion.issues.first?.message == "Service has no `apiVersion`")
    }

    @Test func duplicateKeysAreAnIssue() {
        let result = loader.load(text: "apiVersion: v1\nkind: Service\nkind: Secret\nmetadata: {name: s}\n", file: "dup.yaml")
        #expect(result.issues.first?.message.contains("duplicate key 'kind'") == true)
    }
}
