// Fuzz target: reading a roster CSV (`mentor match --roster`), diagnostics rendered as printed;
// a roster that reads is matched against the example program (org tree, rules, solver).
import BuiltInProgramTypes
import Foundation
import MentorCore
import MentorMatch

/// Plans/examples/matching/program.yaml and its type's matching policy, loaded once.
private let matching: (Program, MatchingPolicy)? = {
    let root = ProcessInfo.processInfo.environment["MENTORKIT_ROOT"] ?? FileManager.default.currentDirectoryPath
    let path = root + "/Plans/examples/matching/program.yaml"
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
    let registry = BuiltInProgramTypes.registry
    let result = ProgramLoader(registry: registry).load(PlanSource(path: path, text: text), shippedPlans: shippedPlans)
    guard let program = result.program, let policy = registry.type(program.type)?.description.matching else { return nil }
    return (program, policy)
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard let text = fuzzText(bytes, count) else { return 0 }
    let result = RosterReader.read(text, file: "roster.csv")
    renderAll(result.diagnostics, source: text)
    if let roster = result.roster, let (program, policy) = matching {
        _ = try? Matcher(program: program, policy: policy, roster: roster, candidatesPerMentee: 5).run()
    }
    return 0
}
