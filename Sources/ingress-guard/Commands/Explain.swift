import ArgumentParser
import Inventory
import Reporting
import Routing
import Analysis

enum ExplainFormat: String, CaseIterable, ExpressibleByArgument {
    case text, json
}

struct Explain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show which IngressClass, Ingress, rule, path and backend serve a URL, and why the others lost.",
        discussion: "The last argument is the URL (http:// or https://). Exit status: 0 routed, 1 the outcome is 404, 2 the tool could not run.")

    @OptionGroup var input: InputOptions

    @Option(help: "Request method (Ingress routing does not depend on it).")
    var method: String = "GET"

    @Option(name: .customLong("header"), help: "Request header K:V (repeatable): ingress-nginx canaries read headers and cookies.")
    var headers: [String] = []

    @Option(name: .customLong("ingress-class"), help: "Explain only this class.")
    var ingressClass: String?

    @Option(help: "text or json.")
    var format: ExplainFormat = .text

    func validate() throws {
        guard let last = input.paths.last else { throw ValidationError("give the URL to explain, e.g. https://foo.bar.com/foo") }
        guard RequestURL(parsing: last) != nil else { throw ValidationError("the last argument must be an http:// or https:// URL, got \"\(last)\"") }
        for header in headers where !header.contains(":") { throw ValidationError("--header takes K:V, got \"\(header)\"") }
    }

    func run() async throws {
        guard let text = input.paths.last, let url = RequestURL(parsing: text) else { throw ExitCode(2) }
        var files = input
        files.paths.removeLast()
        let state = try await files.loadState()
        files.announce(state, as: "resolved against")
        let table = RouteTable(inventory: state.inventory, mapping: input.controllers)
        let headerList = HeaderList(headers.map { header in
            let colon = header.firstIndex(of: ":") ?? header.endIndex
            return (String(header[..<colon]), String(header[header.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
        })
        let explanations = table.explain(host: url.authority, path: url.target, onlyClass: ingressClass, scheme: url.scheme, headers: headerList)
        switch format {
        case .text: FileHandleOutput.standardOutput(ExplainFormatter.text(method: method.uppercased(), url: text, explanations: explanations))
        case .json: FileHandleOutput.standardOutput(ExplainFormatter.json(method: method.uppercased(), url: text, explanations: explanations))
        }
        let routed = explanations.contains { explanation in
            guard let decision = explanation.decision else { return explanation.resolution.backend != nil }
            return decision.status.map { $0 < 400 } ?? true
        }
        if !routed { throw ExitCode(1) }
    }
}
