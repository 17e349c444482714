// Fuzz target: loading a program file with the built-in types and the shipped plans, as every
// program command does; when it loads, each group's schedule and agendas are built too.
import BuiltInProgramTypes
import MentorCore

private let registry = BuiltInProgramTypes.registry

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard let text = fuzzText(bytes, count) else { return 0 }
    let result = ProgramLoader(registry: registry).load(PlanSource(path: "fuzz.yaml", text: text), shippedPlans: shippedPlans)
    renderAll(result.diagnostics.filter { $0.file == "fuzz.yaml" }, source: text)
    guard !result.hasErrors, let program = result.program, let type = registry.type(program.type) else { return 0 }
    let builder = AgendaBuilder(program: program, plans: result.plans, type: type)
    // A fuzzed program may ask for a very long schedule: agendas only for the first few groups.
    for group in program.groups.prefix(3) {
        _ = try? builder.schedule(for: group)
        _ = try? builder.agendas(for: group)
    }
    return 0
}
