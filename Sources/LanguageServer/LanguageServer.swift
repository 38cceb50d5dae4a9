import Foundation
import IngressModel
import Rules

/// `ingress-guard lsp`: the lint findings as diagnostics in any editor with an LSP client.
/// Documents are linted on open, change and save (full-text sync), with the other files of the
/// workspace folder as context and its `.ingress-guard.yaml`; mechanical fixes are code actions.
public final class LanguageServer: @unchecked Sendable {
    private let channel: MessageChannel
    private var linter = WorkspaceLinter(root: nil)
    private var documents: [String: String] = [:]
    private var shuttingDown = false
    /// The rules' documentation, linked from each diagnostic.
    static let documentationBase = "https://github.com/ingress-guard/ingress-guard/blob/main/"

    private let version: String

    public init(version: String, input: FileHandle = .standardInput, output: FileHandle = .standardOutput) {
        self.version = version
        channel = MessageChannel(input: input, output: output)
    }

    /// Serves until `exit` or the end of input; the exit status LSP asks for (0 after `shutdown`).
    public func run() -> Int32 {
        while true {
            let body: Data?
            do {
                body = try channel.read()
            } catch {
                log("ingress-guard lsp: \(error)")
                return 1
            }
            guard let body else { return shuttingDown ? 0 : 1 }
            guard let message = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else {
                channel.write(["jsonrpc": "2.0", "id": NSNull(), "error": ["code": -32700, "message": "parse error"]])
                continue
            }
            if message["method"] as? String == "exit" { return shuttingDown ? 0 : 1 }
            handle(message)
        }
    }

    private func handle(_ message: [String: Any]) {
        let method = message["method"] as? String ?? ""
        let id = message["id"]
        let params = message["params"] as? [String: Any] ?? [:]
        switch method {
        case "initialize":
            linter = WorkspaceLinter(root: Self.root(params))
            if let problem = linter.configurationProblem { log("configuration: \(problem)") }
            reply(id, [
                "capabilities": [
                    "textDocumentSync": ["openClose": true, "change": 1, "save": ["includeText": false]],
                    "codeActionProvider": ["codeActionKinds": ["quickfix"]],
                ] as [String: Any],
                "serverInfo": ["name": "ingress-guard", "version": version],
            ])
        case "initialized":
            break
        case "shutdown":
            shuttingDown = true
            reply(id, NSNull())
        case "textDocument/didOpen":
            guard let document = params["textDocument"] as? [String: Any], let uri = document["uri"] as? String, let text = document["text"] as? String else { return }
            documents[uri] = text
            publish(uri)
        case "textDocument/didChange":
            guard let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String,
                let change = (params["contentChanges"] as? [[String: Any]])?.last, let text = change["text"] as? String
            else { return }
            documents[uri] = text
            publish(uri)
        case "textDocument/didSave":
            guard let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String, let path = Self.path(uri) else { return }
            if path.hasSuffix(LintConfiguration.fileName) {
                linter.reloadConfiguration()
                if let problem = linter.configurationProblem { log("configuration: \(problem)") }
                for open in documents.keys { publish(open) }
            } else {
                // A saved file is context for the others (a Service beside its Ingress).
                linter.reload(file: path)
                for open in documents.keys { publish(open) }
            }
        case "textDocument/didClose":
            guard let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String else { return }
            documents[uri] = nil
            notify("textDocument/publishDiagnostics", ["uri": uri, "diagnostics": [Any]()])
        case "textDocument/codeAction":
            reply(id, codeActions(params))
        default:
            // Requests the server does not know get an error; notifications are ignored.
            if id != nil, !(id is NSNull) { channel.write(["jsonrpc": "2.0", "id": id ?? NSNull(), "error": ["code": -32601, "message": "method not found: \(method)"]]) }
        }
    }

    private func publish(_ uri: String) {
        guard let text = documents[uri], let path = Self.path(uri), Self.isManifest(path) else { return }
        let lines = Self.lines(text)
        let diagnostics = linter.findings(text: text, path: path).map { Self.diagnostic($0, lines: lines, uri: uri) }
        notify("textDocument/publishDiagnostics", ["uri": uri, "diagnostics": diagnostics])
    }

    /// The document's lines as LSP counts them: split at each LF, a CRLF's CR kept on its line
    /// (Swift's Character view would see CRLF as one character and never split it).
    static func lines(_ text: String) -> [String] {
        text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }

    static func isManifest(_ path: String) -> Bool {
        (path.hasSuffix(".yaml") || path.hasSuffix(".yml") || path.hasSuffix(".json")) && !path.hasSuffix(LintConfiguration.fileName)
    }

    /// An LSP range from the finding's line and column to the end of the word there. Columns count
    /// Unicode scalars (as libyaml's marks do); LSP counts UTF-16 code units.
    static func range(_ location: SourceLocation, lines: [String]) -> [String: Any] {
        let line = max(0, location.line - 1)
        let column = max(0, location.column - 1)
        guard line < lines.count else {
            return ["start": ["line": line, "character": column], "end": ["line": line, "character": column + 1]]
        }
        let scalars = Array(lines[line].unicodeScalars)
        let startScalar = min(column, scalars.count)
        var endScalar = startScalar
        while endScalar < scalars.count, ![" ", "\t", "\r"].contains(scalars[endScalar]) { endScalar += 1 }
        func utf16(_ count: Int) -> Int { scalars.prefix(count).reduce(0) { $0 + UTF16.width($1) } }
        let start = utf16(startScalar)
        let end = endScalar > startScalar ? utf16(endScalar) : start + 1
        return ["start": ["line": line, "character": start], "end": ["line": line, "character": end]]
    }

    static func diagnostic(_ finding: Finding, lines: [String], uri: String) -> [String: Any] {
        var related: [[String: Any]] = []
        if let hint = finding.hint {
            related.append(["location": ["uri": uri, "range": range(finding.location, lines: lines)], "message": "hint: \(hint)"])
        }
        for other in finding.related {
            let otherURI = other.location.file == path(uri) ? uri : URL(fileURLWithPath: other.location.file).absoluteString
            related.append(["location": ["uri": otherURI, "range": range(other.location, lines: other.location.file == path(uri) ? lines : [])], "message": other.message])
        }
        let severity: Int
        switch finding.severity {
        case .error: severity = 1
        case .warning: severity = 2
        case .info: severity = 3
        }
        return [
            "range": range(finding.location, lines: lines), "severity": severity, "code": finding.ruleID, "source": "ingress-guard",
            "codeDescription": ["href": documentationBase + "rules/\(finding.ruleID).yaml"], "message": finding.message,
            "relatedInformation": related,
        ]
    }

    private func codeActions(_ params: [String: Any]) -> [[String: Any]] {
        guard let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String, let text = documents[uri], let path = Self.path(uri) else { return [] }
        let lines = Self.lines(text)
        let diagnostics = (params["context"] as? [String: Any])?["diagnostics"] as? [[String: Any]] ?? []
        // A client's diagnostic may be stale: a fix is offered only for a finding the text has now.
        let current = Set(linter.findings(text: text, path: path).map { "\($0.ruleID)@\($0.location.line - 1)" })
        return diagnostics.compactMap { diagnostic -> [String: Any]? in
            guard let rule = diagnostic["code"] as? String, QuickFixes.fixable.contains(rule),
                let line = ((diagnostic["range"] as? [String: Any])?["start"] as? [String: Any])?["line"] as? Int,
                current.contains("\(rule)@\(line)"),
                let fix = QuickFixes.fix(rule: rule, line: line, lines: lines)
            else { return nil }
            let edits = fix.edits.map { edit -> [String: Any] in
                ["range": ["start": ["line": edit.startLine, "character": edit.startCharacter], "end": ["line": edit.endLine, "character": edit.endCharacter]],
                 "newText": edit.newText]
            }
            return ["title": fix.title, "kind": "quickfix", "diagnostics": [diagnostic], "isPreferred": true, "edit": ["changes": [uri: edits]]]
        }
    }

    private func reply(_ id: Any?, _ result: Any) {
        channel.write(["jsonrpc": "2.0", "id": id ?? NSNull(), "result": result])
    }

    private func notify(_ method: String, _ params: [String: Any]) {
        channel.write(["jsonrpc": "2.0", "method": method, "params": params])
    }

    private func log(_ text: String) {
        notify("window/logMessage", ["type": 2, "message": text])
    }

    static func root(_ params: [String: Any]) -> String? {
        if let folders = params["workspaceFolders"] as? [[String: Any]], let uri = folders.first?["uri"] as? String { return path(uri) }
        if let uri = params["rootUri"] as? String { return path(uri) }
        return params["rootPath"] as? String
    }

    static func path(_ uri: String) -> String? {
        guard let url = URL(string: uri), url.isFileURL else { return nil }
        return url.path
    }
}
