import ArgumentParser
import Foundation
import LanguageServer
import Reporting

struct LSPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "A language server over standard input and output: the lint findings as diagnostics, mechanical fixes as code actions.",
        discussion: "Point an editor's LSP client at `ingress-guard lsp` for YAML files (README: VS Code, Neovim, Helix).")

    func run() throws {
        let status = LanguageServer(version: Report.toolVersion).run()
        if status != 0 { throw ExitCode(status) }
    }
}
