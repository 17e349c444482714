import BuiltInProgramTypes
import Diagnostics
import ExternalProgramTypes
import Foundation
import MentorCore

/// The program types a command can use: the built-in ones, then external plugins found in the
/// `plugins/` folder beside the program file and on `PATH`.
///
/// Nothing found in a folder runs unless it may (`PluginTrust`): plugins on `PATH` run, plugins in
/// a project folder run once trusted with their current content, and a file named like a
/// built-in type never runs.
struct AvailableTypes {
    /// Built-in types and every external type that described itself without clashing.
    let registry: ProgramRegistry
    /// Plugins that can't be used, with the reason (failed `describe`, not trusted, id clash).
    let failures: [(candidate: PluginDiscovery.Candidate, error: String)]
    /// Plugin ids that clash with a type registered before them.
    let clashes: [RegistryError]
    /// Files that look like plugins but can't be used (not executable, badly named, a built-in's
    /// name), and a suggestion for a mistyped type.
    let warnings: [String]
    /// Every plugin file found, run or not.
    let found: [PluginDiscovery.Candidate]
    /// Paths of the plugins in `failures` that were not run because they are not trusted (as they are).
    let untrusted: Set<String>
    /// True when a plugin was started.
    let started: Bool

    /// The ids a plan template's `applies-to` may name, for commands about templates: the
    /// built-in types and each external type found in `plugins/` here and on `PATH` that may run,
    /// as its `describe` answer gives it. An untrusted plugin is never run, so its id stays
    /// unknown (and `applies-to` naming it an error) until `mentor plugin trust`.
    static func ids(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        AvailableTypes(near: nil, environment: environment).registry.ids
    }

    /// Searches beside `programPath` (or the current folder) and on `PATH`, describing each plugin
    /// that may run.
    ///
    /// With `typeID` (the type a program file names), only the plugin of that id is started: a
    /// command about one program shouldn't pay a process start per plugin on `PATH`, nor wait for
    /// an unrelated one that hangs, nor run code it doesn't need. A built-in type starts none; an
    /// id that matches no type starts none either, and the closest plugin file name is suggested.
    ///
    /// With `pools` (a server), a plugin's handle goes through the server's long-lived processes,
    /// started on the first load and reused by every later one.
    init(
        near programPath: String?, for typeID: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment, pools: PluginPools? = nil
    ) {
        var registry = BuiltInProgramTypes.registry
        let discovered = PluginDiscovery.find(
            folders: [PluginDiscovery.folder(besideProgram: programPath)],
            searchPath: environment["PATH"], reserved: Set(registry.ids))
        let wanted = discovered.candidates.filter { candidate in typeID.map { $0 == candidate.id } ?? true }
        let store = Result { () throws(TrustError) in try TrustStore.load(environment) }
        var failures: [(PluginDiscovery.Candidate, String)] = []
        var runnable: [PluginDiscovery.Candidate] = []
        var untrusted: Set<String> = []
        for candidate in wanted {
            if let refusal = PluginTrust.refusal(candidate, PluginTrust.verdict(for: candidate, store: store)) {
                failures.append((candidate, refusal))
                untrusted.insert(candidate.path)
            } else {
                runnable.append(candidate)
            }
        }
        if !runnable.isEmpty { PluginSupervisor.superviseThisProcess() }
        let external =
            pools.map { pools in ExternalTypes(runnable) { candidate throws(ProgramTypeError) in try pools.handle(for: candidate) } }
            ?? ExternalTypes(runnable, limits: .fromEnvironment(environment))
        failures += external.failures.map { ($0.candidate, $0.error.description) }
        var clashes: [RegistryError] = []
        for handle in external.handles {
            do {
                registry = try registry.adding([handle])
            } catch {
                clashes.append(error)
                if let candidate = runnable.first(where: { $0.id == handle.id }) { failures.append((candidate, error.description)) }
            }
        }
        var warnings = discovered.warnings
        if let typeID, let hint = Self.suggestion(for: typeID, builtIn: registry.ids, found: discovered.candidates) {
            warnings.append(hint)
        }
        self.registry = registry
        // In the order found, whether refused or failed.
        self.failures = failures.sorted { (wanted.firstIndex(of: $0.0) ?? 0) < (wanted.firstIndex(of: $1.0) ?? 0) }
        self.untrusted = untrusted
        self.started = !runnable.isEmpty
        self.clashes = clashes
        self.warnings = warnings
        self.found = discovered.candidates
    }

    /// For a type no built-in type or plugin file has: the closest plugin file's id, when it is
    /// closer than any built-in type. Only file names are compared; no plugin is started.
    static func suggestion(for typeID: String, builtIn: [String], found: [PluginDiscovery.Candidate]) -> String? {
        guard !builtIn.contains(typeID), !found.contains(where: { $0.id == typeID }),
            let closest = Suggestion.closest(to: typeID, in: builtIn + found.map(\.id)),
            let candidate = found.first(where: { $0.id == closest })
        else { return nil }
        return "no program type is named '\(typeID)'; did you mean '\(closest)'? A plugin file has that name: "
            + "'\(candidate.path)' (not run)"
    }

    /// Prints the warnings and, unless `quiet` about it, each plugin that can't be used.
    func report(failures includeFailures: Bool = true) {
        for warning in warnings { note("warning: " + warning) }
        if started, let problem = PluginLimits.environmentProblem() { note("warning: " + problem) }
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
