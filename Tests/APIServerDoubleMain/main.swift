import APIServerDouble
import Foundation

/// `api-server-double --fixtures FILE... --out DIR [--port N] [--token TOKEN=USER]`: serves the
/// fixtures until killed; writes DIR/kubeconfig (token auth when a token is given, else a client
/// certificate) and prints `listening on URL`. For end-to-end tests and Benchmarks/cluster.sh.
var fixtures: [String] = []
var output = FileManager.default.temporaryDirectory.path
var port = 0
var configuration = APIServerDouble.Configuration()
var firstToken: String?
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--fixtures":
        while let next = arguments.first, !next.hasPrefix("--") { fixtures.append(next); arguments.removeFirst() }
    case "--out": output = arguments.popFirst() ?? output
    case "--port": port = Int(arguments.popFirst() ?? "") ?? 0
    case "--no-endpointslices": configuration.servesEndpointSlices = false
    case "--page": configuration.maximumPage = Int(arguments.popFirst() ?? "") ?? configuration.maximumPage
    case "--token":
        let pair = (arguments.popFirst() ?? "").split(separator: "=", maxSplits: 1).map(String.init)
        guard pair.count == 2 else { FileHandle.standardError.write(Data("--token takes TOKEN=USER\n".utf8)); exit(2) }
        configuration.tokens[pair[0]] = pair[1]
        firstToken = firstToken ?? pair[0]
    default:
        FileHandle.standardError.write(Data("unknown argument \(argument)\n".utf8))
        exit(2)
    }
}
let server = APIServerDouble(configuration: configuration)
do {
    for file in fixtures {
        let paths: [String]
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), isDirectory.boolValue {
            paths = ((try? FileManager.default.contentsOfDirectory(atPath: file)) ?? []).sorted().filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".json") }.map { "\(file)/\($0)" }
        } else {
            paths = [file]
        }
        for path in paths {
            try server.store.load(yaml: try String(contentsOfFile: path, encoding: .utf8), file: path)
        }
    }
    try await server.start(port: port)
    let directory = URL(fileURLWithPath: output)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try server.kubeconfig(token: firstToken, directory: directory).write(to: directory.appendingPathComponent("kubeconfig"), atomically: true, encoding: .utf8)
    FileHandle.standardOutput.write(Data("listening on \(server.url)\n".utf8))
    while true { try await Task.sleep(nanoseconds: 3_600_000_000_000) }
} catch {
    FileHandle.standardError.write(Data("api-server-double: \(error)\n".utf8))
    exit(2)
}
