import ArgumentParser
import Routing

/// `--controller CLASS=PROFILE`: which controller serves a class, for every command that judges
/// or routes Ingresses.
struct ControllerOptions: ParsableArguments {
    @Option(name: .customLong("controller"), help: ArgumentHelp(
        "Which controller serves a class, CLASS=PROFILE (repeatable; profiles: \(ControllerProfile.all.map(\.id).joined(separator: ", "))).",
        valueName: "class=profile"))
    var arguments: [String] = []

    func validate() throws {
        _ = try parsed()
    }

    func parsed() throws -> ControllerMapping {
        var mapping = ControllerMapping()
        for argument in arguments {
            do { try mapping.add(argument: argument) } catch { throw ValidationError("\(error)") }
        }
        return mapping
    }

    /// The mapping; `validate()` has already refused bad entries.
    var mapping: ControllerMapping { (try? parsed()) ?? ControllerMapping() }
}
