import BuiltInProgramTypes
import ExternalProgramTypes
import Foundation
import MentorCore

/// The program types a command can use: the built-in ones, then external plugins found in the
/// `plugins/` folder beside the program file and on `PATH`.
struct AvailableTypes {
    /// Built-in types and every external type that described itself without clashing.
    let registry: ProgramRegistry
    /// Plugins that can't be used, with the reason (failed `describe`, id clash).
    let failures: [(candidate: PluginDiscovery.Candidate, error: String)]
    /// Plugin ids that clash with a type registered before them.
    let clashes: [RegistryError]
    /// Files that look like plugins but can't be used (not executable, badly named).
    let warnings: [String]

    /// Searches beside `programPath` (or the current folder) and on `PATH`, describing each plugin.
    init(near programPath: String?, environment: [String: String] = ProcessInfo.processInfo.environment) {
        let found = PluginDiscovery.find(folders: [PluginDiscovery.folder(besideProgram: programPath)],
                                         searchPath: environment["PATH"])
        let external = ExternalTypes(found.candidates, limits: .fromEnvironment(environment))
        var registry = BuiltInProgramTypes.registry
        var clashes: [RegistryError] = []
        var failures = external.failures.map { ($0.candidate, $0.error.description) }
        for handle in external.handles {
            do {
                registry = try registry.adding([handle])
            } catch {
                clashes.append(error)
                if let candidate = found.candidates.first(where: { $0.id == handle.id }) {
                    failures.append((candidate, error.description))
                }
            }
        }
        self.registry = registry
        self.failures = failures
        self.clashes = clashes
        self.warnings = found.warnings
    }

    /// Prints the warnings and, unless `quiet` about it, each plugin that can't be used.
    func report(failures includeFailures: Bool = true) {
        for warning in warnings { note("warning: " + warning) }
        guard includeFailures else { return }
        for failure in failures where !clashes.contains(where: { $0.description == failure.error }) {
            note("warning: \(failure.error); the type '\(failure.candidate.id)' is not available")
        }
    }

    /// Where a registered type comes from, for listings: "built in" or the plugin's path.
    static func origin(_ handle: ProgramTypeHandle) -> String {
        switch handle.origin {
        case .compiled: return "built in"
        case .external(let path): return path
        }
    }
}

/// Writes `text` and a newline to standard error.
func note(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
