import ArgumentParser
import ManifestLoader

/// Input options shared by every command that reads manifests.
struct InputOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Files, directories (recursive: *.yaml, *.yml, *.json) or - for stdin.", valueName: "path"))
    var paths: [String] = []

    @Option(name: [.customShort("n"), .long], help: "Namespace for objects that name none.")
    var namespace: String = "default"

    @Option(name: .customLong("max-file-size"), help: "Largest input file accepted, in MiB.")
    var maxFileSizeMiB: Int = InputLimits.defaultMaxFileBytes / 1_048_576

    func validate() throws {
        guard maxFileSizeMiB > 0, maxFileSizeMiB <= 1_048_576 else {
            throw ValidationError("--max-file-size takes 1 to 1048576 (MiB)")
        }
        guard !namespace.isEmpty else { throw ValidationError("--namespace must not be empty") }
    }

    var loader: ManifestLoader {
        ManifestLoader(limits: InputLimits(maxFileBytes: maxFileSizeMiB * 1_048_576), defaultNamespace: namespace)
    }

    func load() throws -> LoadResult {
        guard !paths.isEmpty else {
            throw ToolFailure("no input: name files or directories, or - to read standard input")
        }
        do {
            return try loader.load(paths: paths)
        } catch let error as InputError {
            throw ToolFailure(error.description)
        }
    }
}
