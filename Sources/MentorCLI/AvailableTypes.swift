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
    ///
    /// With `typeID` (the type a program file names), only the plugin of that id is started: a
    /// command about one program shouldn't pay a process start per plugin on `PATH`, nor wait for
    /// an unrelated one that hangs. When no built-in type or plugin file has that id, every plugin
    /// is described after all, so the "unknown type" error can suggest the closest id. A plugin
    /// file named like a built-in type is a clash either way (the name is the id it must describe).
    init(near programPath: String?, for typeID: String? = nil,
         environment: [String: String] = ProcessInfo.processInfo.environment) {
        let found = PluginDiscovery.find(folders: [PluginDiscovery.folder(besideProgram: programPath)],
                                         searchPath: environment["PATH"])
        var registry = BuiltInProgramTypes.registry
        let known = typeID.map { id in registry.type(id) != nil || found.candidates.contains { $0.id == id } } ?? false
        let described = found.candidates.filter { candidate in !known || candidate.id == typeID }
        let external = ExternalTypes(described, limits: .fromEnvironment(environment))
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
        for candidate in found.candidates where !described.contains(candidate) && registry.type(candidate.id)?.origin == .compiled {
            let clash = RegistryError.clash(candidate.id, first: .compiled, second: .external(path: candidate.path))
            clashes.append(clash)
            failures.append((candidate, clash.description))
        }
        self.registry = registry
        self.failures = failures
        self.clashes = clashes
        self.warnings = found.warnings
    }

    /// Prints the warnings and, unless `quiet` about it, each plugin that can't be used.
    func report(failures includeFailures: Bool = true) {
        for warning in warnings { note("warning: " + warning) }
        let startedPlugins = !failures.isEmpty || registry.types.contains { $0.origin != .compiled }
        if startedPlugins, let problem = PluginLimits.environmentProblem() { note("warning: " + problem) }
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
