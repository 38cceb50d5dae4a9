import ArgumentParser
import Reporting
import Rules

enum CatalogFormat: String, CaseIterable, ExpressibleByArgument {
    case text, json, markdown
}

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the rules, show one rule's documentation, or list the controller profiles (works without the repository).",
        subcommands: [List.self, Show.self, Profiles.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List every rule with its category, severity and title.")

        @Option(help: "text, json or markdown (the README table).")
        var format: CatalogFormat = .text

        func run() throws {
            let catalog = RuleCatalog.shared
            switch format {
            case .text: FileHandleOutput.standardOutput(RuleCatalogFormatter.textList(catalog))
            case .json: FileHandleOutput.standardOutput(RuleCatalogFormatter.jsonList(catalog))
            case .markdown: FileHandleOutput.standardOutput(RuleCatalogFormatter.markdownTable(catalog))
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a rule's description, fix and examples.")

        @Argument(help: "The rule id, e.g. invalid-host.")
        var rule: String

        @Option(help: "text, json or markdown.")
        var format: CatalogFormat = .text

        func run() throws {
            guard let metadata = RuleCatalog.shared.rule(rule) else {
                throw ToolFailure("unknown rule \"\(rule)\" (see `ingress-guard rules list`)")
            }
            switch format {
            case .text: FileHandleOutput.standardOutput(RuleCatalogFormatter.text(metadata))
            case .json: FileHandleOutput.standardOutput(RuleCatalogFormatter.json(metadata).serialized() + "\n")
            case .markdown: FileHandleOutput.standardOutput(RuleCatalogFormatter.markdown(metadata))
            }
        }
    }

    struct Profiles: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "profiles", abstract: "List the controller profiles: how each is recognised and what it changes.")

        @Option(help: "text, json or markdown.")
        var format: CatalogFormat = .text

        func run() throws {
            switch format {
            case .text: FileHandleOutput.standardOutput(ProfileCatalogFormatter.text())
            case .json: FileHandleOutput.standardOutput(ProfileCatalogFormatter.json())
            case .markdown: FileHandleOutput.standardOutput(ProfileCatalogFormatter.markdown())
            }
        }
    }
}
