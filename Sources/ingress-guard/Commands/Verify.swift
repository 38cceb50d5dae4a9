import ArgumentParser
import Foundation
import Inventory
import Reporting
import NIOPosix
import Proxy
import Routing
import Analysis

enum VerifyFormat: String, CaseIterable, ExpressibleByArgument {
    case text, json, junit
}

struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that requests land on the expected backends, through the route table.",
        discussion: "Exit status: 0 every expectation holds, 1 some failed, 2 the tool could not run.")

    @OptionGroup var input: InputOptions

    @Option(name: .customLong("expect"), help: "Expectations file (YAML: expectations: [{request: GET URL, backend: ns/svc:port | status: 404}]).")
    var expectationsFile: String

    @Option(name: .customLong("ingress-class"), help: "The class to verify (default: the default class, or every Ingress when the inputs have no IngressClass).")
    var ingressClass: String?

    @Option(help: "text, json or junit.")
    var format: VerifyFormat = .text

    @Option(help: "Write the report to this file instead of standard output.")
    var output: String?

    @Flag(help: "Send every expectation as a real HTTP request through the proxy, with an echo backend per Service port.")
    var serve = false

    func run() async throws {
        let state = try await input.loadState()
        input.announce(state, as: "verified against")
        guard let data = FileManager.default.contents(atPath: expectationsFile) else {
            throw ToolFailure("cannot read expectations file \(expectationsFile)")
        }
        let expectations: [Expectation]
        do {
            expectations = try ExpectationFile.parse(String(decoding: data, as: UTF8.self), file: expectationsFile, defaultNamespace: input.namespace)
        } catch {
            throw ToolFailure("\(error)")
        }
        let inventory = state.inventory
        let served: ServedClass
        do {
            served = try ServedClass.select(inventory: inventory, requested: ingressClass, mapping: input.controllers)
        } catch {
            throw ToolFailure("\(error)")
        }
        let results: [ExpectationResult]
        if serve {
            let live = try await LiveVerification.run(expectations, served: served, inventory: inventory)
            for problem in live.problems { FileHandleOutput.standardError("note: \(problem)\n") }
            results = live.results
        } else {
            let checker = ExpectationChecker(table: served.table, inventory: inventory)
            results = expectations.map(checker.check)
        }
        let rendered: String
        switch format {
        case .text: rendered = VerifyFormatter.text(results, servedClass: served.description)
        case .json: rendered = VerifyFormatter.json(results, servedClass: served.description)
        case .junit: rendered = VerifyFormatter.junit(results, servedClass: served.description)
        }
        try FileHandleOutput.deliver(rendered, to: output)
        if results.contains(where: { !$0.holds }) { throw ExitCode(1) }
    }
}
