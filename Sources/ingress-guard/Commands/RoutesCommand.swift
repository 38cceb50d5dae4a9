import ArgumentParser
import Analysis
import Reporting
import Routing

enum RoutesFormat: String, CaseIterable, ExpressibleByArgument {
    case text, json, markdown, mermaid, dot
}

struct RoutesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routes",
        abstract: "Print the effective route table: per class and host, each path, its backend and the Ingress that wins.",
        discussion: """
            Paths are listed in the order the class's controller tries them (ingress-nginx: its generated \
            locations; otherwise the specification's precedence), with what they do besides forwarding \
            (rewrites, redirects, canaries) and the routes of other Ingresses they keep out. mermaid and dot \
            draw hosts → paths → Services.
            """)

    @OptionGroup var input: InputOptions

    @Option(name: .customLong("ingress-class"), help: "Only this class.")
    var ingressClass: String?

    @Option(help: "text, json, markdown, mermaid or dot.")
    var format: RoutesFormat = .text

    @Option(help: "Write to this file instead of standard output.")
    var output: String?

    func run() async throws {
        let state = try await input.loadState()
        input.announce(state, as: "listed from")
        var listing = RouteTable(inventory: state.inventory, mapping: input.controllers).listing
        if let ingressClass { listing.classes = listing.classes.filter { ($0.name ?? "") == ingressClass } }
        let rendered: String
        switch format {
        case .text: rendered = RoutesFormatter.text(listing)
        case .json: rendered = RoutesFormatter.json(listing)
        case .markdown: rendered = RoutesFormatter.markdown(listing)
        case .mermaid: rendered = RoutesFormatter.mermaid(listing)
        case .dot: rendered = RoutesFormatter.dot(listing)
        }
        try FileHandleOutput.deliver(rendered, to: output)
    }
}
