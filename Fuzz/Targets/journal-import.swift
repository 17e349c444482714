// Fuzz target: `mentor import`: decoding an export document from bytes and checking it against
// the program, then folding the events into group states as every later command does.
//
// For the integrator: `decodeExport` below is the decoding entry point as it stands on this
// branch (ImportCommand decodes `[ProgressEvent]` with JSONDecoder and checks program and group
// names). When import gains its own validating entry point, call that from `decodeExport`.
import BuiltInProgramTypes
import Foundation
import MentorCore

/// The example one-to-one program, whose name and groups an import must match, and its builder.
private let example: (Program, AgendaBuilder)? = {
    let root = ProcessInfo.processInfo.environment["MENTORKIT_ROOT"] ?? FileManager.default.currentDirectoryPath
    let path = root + "/Plans/examples/one-to-one.yaml"
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
    let registry = BuiltInProgramTypes.registry
    let result = ProgramLoader(registry: registry).load(PlanSource(path: path, text: text), shippedPlans: shippedPlans)
    guard let program = result.program, let type = registry.type(program.type) else { return nil }
    return (program, AgendaBuilder(program: program, plans: result.plans, type: type))
}()

/// What ImportCommand.run does with the file's bytes before appending: decode, then require the
/// program's name and one of its groups on every event.
func decodeExport(_ data: Data, for program: Program) -> [ProgressEvent]? {
    guard let events = try? JSONDecoder().decode([ProgressEvent].self, from: data) else { return nil }
    let groups = Set(program.groups.map(\.id))
    guard events.allSatisfy({ $0.program == program.name && groups.contains($0.group) }) else { return nil }
    return events
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard let (program, builder) = example, let today = CalendarDate(year: 2027, month: 6, day: 1) else { return 0 }
    let data = fuzzData(bytes, count)
    // Undecodable documents are the common case: decode what decodes, even for another program,
    // so that folding sees the fuzzer's events.
    let events = decodeExport(data, for: program) ?? (try? JSONDecoder().decode([ProgressEvent].self, from: data)) ?? []
    guard !events.isEmpty else { return 0 }
    let states = GroupState.fold(events)
    for (_, state) in states { _ = state.overdueActions(on: today) }
    // The coordinators' report reads every state: meetings held, goals, actions, check-ins, exits.
    if let report = try? ProgramReport.make(program: program, builder: builder, states: states, today: today, includePrivate: true) {
        _ = ReportRenderer.markdown(report)
    }
    _ = try? StableJSON.string(events)
    return 0
}
