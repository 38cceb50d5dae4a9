import APIServerDouble
import Foundation

/// `api-server-double --fixtures FILE... --out DIR [--port N] [--token TOKEN=USER]
/// [--permissions USER=PLURAL,...]`: serves the fixtures until killed; writes DIR/kubeconfig (token
/// auth when a token is given, else a client certificate) and prints `listening on URL`. For
/// end-to-end tests and Benchmarks/cluster.sh. `--print-json FILE` prints each object of a YAML
/// file as one line of JSON, typed as the API server types YAML, and exits (the body a client
/// would send).
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
    case "--permissions":
        let pair = (arguments.popFirst() ?? "").split(separator: "=", maxSplits: 1).map(String.init)
        guard pair.count == 2 else { FileHandle.standardError.write(Data("--permissions takes USER=PLURAL,...\n".utf8)); exit(2) }
        configuration.permissions = (configuration.permissions ?? [:]).merging([pair[0]: Set(pair[1].split(separator: ",").map(String.init))]) { $0.union($1) }
    case "--print-json":
        let path = arguments.popFirst() ?? ""
        do {
            for object in try ObjectStore.objects(yaml: try String(contentsOfFile: path, encoding: .utf8), file: path) {
                FileHandle.standardOutput.write(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) + Data("\n".utf8))
            }
            exit(0)
        } catch {
            FileHandle.standardError.write(Data("api-server-double: \(error)\n".utf8))
            exit(2)
        }
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
