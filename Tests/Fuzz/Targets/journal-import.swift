// Fuzz target: `mentor import`: decoding an export document from bytes and checking it against
// the program, then folding the events into group states as every later command does.
//
// Import checks each event with ProgressRules in a ProgressLedger (the same rules as the
// recording commands), and every later command folds the journal through a ledger.
import BuiltInProgramTypes
import Foundation
import MentorCore

/// The example one-to-one program, whose name and groups an import must match, its builder and
/// the rules its events keep.
private let example: (Program, AgendaBuilder, ProgressRules)? = {
    let root = ProcessInfo.processInfo.environment["MENTORKIT_ROOT"] ?? FileManager.default.currentDirectoryPath
    let path = root + "/Plans/examples/one-to-one.yaml"
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
    let registry = BuiltInProgramTypes.registry
    let result = ProgramLoader(registry: registry).load(PlanSource(path: path, text: text), shippedPlans: shippedPlans)
    guard let program = result.program, let type = registry.type(program.type) else { return nil }
    let builder = AgendaBuilder(program: program, plans: result.plans, type: type)
    let meetings = program.groups.reduce(into: [String: Int]()) { $0[$1.id] = try? builder.schedule(for: $1).count }
    return (program, builder, ProgressRules(program: program, plans: result.plans, meetings: meetings))
}()

/// What `mentor import` does with the file's bytes before appending: decode, then check every
/// event in order with the rules; nil when any event is refused (the import is all or nothing).
func decodeExport(_ data: Data, rules: ProgressRules) -> [ProgressEvent]? {
    guard let events = try? JSONDecoder().decode([ProgressEvent].self, from: data) else { return nil }
    var ledger = ProgressLedger(rules: rules)
    for event in events where !ledger.record(event).isEmpty { return nil }
    return events
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard let (program, builder, rules) = example, let today = CalendarDate(year: 2027, month: 6, day: 1) else { return 0 }
    let data = fuzzData(bytes, count)
    // Undecodable documents are the common case: decode what decodes, even for another program,
    // so that folding sees the fuzzer's events.
    let events = decodeExport(data, rules: rules) ?? (try? JSONDecoder().decode([ProgressEvent].self, from: data)) ?? []
    guard !events.isEmpty else { return 0 }
    // Stored events are folded leniently, as every command reads a journal.
    let states = ProgressLedger(rules: rules, stored: events).states
    for (_, state) in states { _ = state.overdueActions(on: today) }
    // The coordinators' report reads every state: meetings held, goals, actions, check-ins, exits.
    if let report = try? ProgramReport.make(program: program, builder: builder, states: states, today: today, includePrivate: true) {
        _ = ReportRenderer.markdown(report)
    }
    _ = try? StableJSON.string(events)
    return 0
}
