// Fuzz target: decoding a plugin's reply from the bytes it wrote on standard output. Each input
// goes through every reply decoder (describe, validate, schedule, agenda, measures), as each
// would meet whatever a broken or hostile plugin prints.
import BuiltInProgramTypes
import Foundation
import MentorCore

@testable import ExternalProgramTypes

/// The example one-to-one program and its first group's first meeting, for the replies that
/// name groups, people and members.
private let example: (Program, [AgendaContext])? = {
    let root = ProcessInfo.processInfo.environment["MENTORKIT_ROOT"] ?? FileManager.default.currentDirectoryPath
    let path = root + "/Plans/examples/one-to-one.yaml"
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
    let registry = BuiltInProgramTypes.registry
    let result = ProgramLoader(registry: registry).load(PlanSource(path: path, text: text), shippedPlans: shippedPlans)
    guard let program = result.program, let type = registry.type(program.type), let group = program.groups.first,
        let schedule = try? AgendaBuilder(program: program, plans: result.plans, type: type).schedule(for: group),
        let meeting = schedule.first
    else { return nil }
    return (program, [AgendaContext(program: program, group: group, meeting: meeting, schedule: schedule)])
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = fuzzData(bytes, count)
    let stderr = "fuzz"
    // Each error must describe itself: that text is what the user sees.
    func settle<T>(_ body: () throws(PluginError) -> T) { do { _ = try body() } catch { _ = error.description } }
    settle { () throws(PluginError) in try PluginProtocol.described(data, stderr: stderr) }
    settle { () throws(PluginError) in try PluginProtocol.meetings(data, stderr: stderr) }
    settle { () throws(PluginError) in try PluginProtocol.measures(data, stderr: stderr) }
    if let (program, contexts) = example {
        settle { () throws(PluginError) in try PluginProtocol.issues(data, stderr: stderr, program: program) }
        settle { () throws(PluginError) in try PluginProtocol.shapes(data, stderr: stderr, contexts: contexts) }
    }
    return 0
}
