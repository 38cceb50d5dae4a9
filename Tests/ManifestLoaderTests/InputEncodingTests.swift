import Foundation
import IngressModel
import Testing
@testable import ManifestLoader

/// What kubectl reads, this reads: UTF-8, or UTF-16 by its byte order mark; a named pipe without
/// a writer is given up on instead of blocking the run.
@Suite struct InputEncodingTests {
    static let ingress = """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: café
        spec:
          defaultBackend: {service: {name: web, port: {number: 80}}}

        """

    func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ig-enc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func utf16(_ text: String, bigEndian: Bool) -> [UInt8] {
        var bytes: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
        for unit in text.utf16 {
            let high = UInt8(unit >> 8), low = UInt8(unit & 0xFF)
            bytes += bigEndian ? [high, low] : [low, high]
        }
        return bytes
    }

    @Test(arguments: [false, true])
    func aUTF16FileFoundInADirectoryIsLinted(bigEndian: Bool) throws {
        let folder = try directory()
        try Data(Self.utf16(Self.ingress, bigEndian: bigEndian)).write(to: folder.appendingPathComponent("windows.yaml"))
        let result = try ManifestLoader().load(paths: [folder.path])
        #expect(result.skipped.isEmpty)
        #expect(result.issues.isEmpty)
        let object = try #require(result.objects.first)
        #expect(object.metadata.name?.value == "café")
        #expect(object.metadata.name?.location.line == 4)
    }

    @Test func aUTF32FileIsAnIssueNotASkip() throws {
        let folder = try directory()
        var bytes: [UInt8] = [0xFF, 0xFE, 0x00, 0x00]
        for scalar in Self.ingress.unicodeScalars {
            let value = scalar.value
            bytes += [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF), 0]
        }
        try Data(bytes).write(to: folder.appendingPathComponent("utf32.yaml"))
        let result = try ManifestLoader().load(paths: [folder.path])
        #expect(result.skipped.isEmpty)
        let issue = try #require(result.issues.first)
        #expect(issue.message.contains("UTF-32"))
        #expect(issue.location.line == 1)
    }

    @Test func anUnpairedSurrogateIsLocated() throws {
        var bytes = Self.utf16("kind: Ingress\nname: ", bigEndian: false)
        bytes += [0x00, 0xD8, 0x41, 0x00]  // a high surrogate, then "A"
        let outcome = InputReader(limits: InputLimits()).decode(bytes, fromDirectoryWalk: false)
        guard case .refused(let message, let line, let column) = outcome else {
            Issue.record("decoded \(outcome)")
            return
        }
        #expect(message.contains("unpaired surrogate"))
        #expect(line == 2 && column == 7)
    }

    @Test func aNamedPipeWithoutAWriterIsGivenUpOn() throws {
        let folder = try directory()
        let path = folder.appendingPathComponent("pipe.yaml").path
        #expect(mkfifo(path, 0o600) == 0)
        var limits = InputLimits()
        limits.pipeWriterWaitMilliseconds = 300
        let started = Date()
        #expect(throws: InputError.self) { try ManifestLoader(limits: limits).load(paths: [path]) }
        // A bound for giving up, many times the wait: the old code never returned.
        #expect(Date().timeIntervalSince(started) < 20)
    }

    @Test func aNamedPipeIsReadOnceItsWriterWrites() throws {
        let folder = try directory()
        let path = folder.appendingPathComponent("pipe.yaml").path
        #expect(mkfifo(path, 0o600) == 0)
        let text = Self.ingress
        let writer = Thread {
            let fd = open(path, O_WRONLY)
            guard fd >= 0 else { return }
            Array(text.utf8).withUnsafeBytes { _ = write(fd, $0.baseAddress, $0.count) }
            close(fd)
        }
        writer.start()
        let result = try ManifestLoader().load(paths: [path])
        #expect(result.objects.count == 1)
        #expect(result.issues.isEmpty)
    }
}
