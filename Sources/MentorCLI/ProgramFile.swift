import ArgumentParser
import BuiltInProgramTypes
import Diagnostics
import ExternalProgramTypes
import Foundation
import MentorCore

/// Loads a program file for a command: plans from a `Plans/` folder beside it, then the shipped
/// ones; program types built in, then plugins from a `plugins/` folder beside it and from `PATH`.
/// Prints warnings and errors to standard error; throws when there are errors.
struct ProgramFile {
    let result: ProgramLoadResult
    let program: Program
    let builder: AgendaBuilder
    /// The types the file was checked with.
    let registry: ProgramRegistry
    /// The file's text as read and checked.
    let text: String
    /// The plan templates of the `Plans/` folder beside it, as read (a changed program file is
    /// checked against the same ones).
    let localPlans: [PlanSource]

    /// Loads the file at `path`, or `replacement` as if it were that file's text (a server
    /// checking a change before it writes it). A server passes its `pools`, so that a plugin's
    /// processes outlive the load.
    init(path: String, text replacement: String? = nil, pools: PluginPools? = nil) throws {
        // too large or not UTF-8: reported by the loader, with the position
        let source = try replacement.map { PlanSource(path: path, text: $0) } ?? PlanFiles.source(path)
        text = source.text
        // Parsed once: only the plugin the file's `type:` names is started, then the loader decodes
        // the same tree. A file without a readable `type:` starts none ("" names no plugin).
        let parsed = ParsedProgram(source)
        let types = AvailableTypes(near: path, for: parsed.typeID ?? "", pools: pools)
        types.report()
        if let clash = types.clashes.first { throw clash }
        let registry = types.registry
        self.registry = registry
        let directory = (path as NSString).deletingLastPathComponent
        let folder = directory.isEmpty ? PlanFiles.defaultFolder : directory + "/" + PlanFiles.defaultFolder
        var local: [PlanSource] = []
        if PlanFiles.isDirectory(folder) {
            do { local = try PlanFiles.sources([folder]) } catch CLIError.noTemplates { local = [] }
        }
        localPlans = local
        result = ProgramLoader(registry: registry).load(parsed, localPlans: local, shippedPlans: PlanFiles.shipped)
        let texts = Dictionary((local + [source]).map { ($0.path, $0.text) }, uniquingKeysWith: { first, _ in first })
        for diagnostic in result.diagnostics {
            FileHandle.standardError.write(Data((diagnostic.rendered(source: texts[diagnostic.file]) + "\n\n").utf8))
        }
        guard !result.hasErrors, let program = result.program, let type = registry.type(program.type) else {
            throw CLIError.invalidProgram(path)
        }
        self.program = program
        // The builder the loader checked the program with: one builder, and the first group's
        // meetings shaped once for the check and the command's agendas.
        builder = result.builder ?? AgendaBuilder(program: program, plans: result.plans, type: type)
    }

    /// The group named `id`, or the only group when `id` is nil.
    func group(_ id: String?) throws -> ProgramGroup {
        let ids = program.groups.map(\.id)
        if ids.isEmpty {
            throw ValidationError(
                "'\(program.source)' has no groups yet; list them under 'groups:', or propose them "
                    + "from a roster with 'mentor match \(program.source) --roster FILE --write'")
        }
        guard let id else {
            guard let only = program.groups.first, program.groups.count == 1 else {
                throw ValidationError(
                    "'\(program.source)' has \(ids.count) groups; choose one with --group: \(ids.joined(separator: ", "))")
            }
            return only
        }
        guard let group = program.group(id) else {
            throw CLIError.unknownGroup(id, suggestion: Suggestion.closest(to: id, in: ids), known: ids)
        }
        return group
    }
}
