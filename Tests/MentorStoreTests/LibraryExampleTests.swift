import BuiltInProgramTypes
import Foundation
import MentorCore
import MentorStore
import ShippedPlans
import Testing

// --- README example begins ---
/// Loads a program, renders one meeting's agenda as Markdown, and records in a SQLite journal in
/// `folder` (made when missing) that the first meeting was held. Returns the agenda and the
/// meetings held so far.
func example(programText: String, folder: String) async throws -> (agenda: String, held: Int)? {
    // Load the program file with the built-in types and the shipped plans.
    let shipped = ShippedPlans.templates.map { PlanSource(path: $0.path, text: $0.contents) }
    let loaded = ProgramLoader(registry: BuiltInProgramTypes.registry)
        .load(PlanSource(path: "one-to-one.yaml", text: programText), shippedPlans: shipped)
    guard let program = loaded.program, let builder = loaded.builder else {
        for diagnostic in loaded.diagnostics { print(diagnostic.rendered(source: programText)) }
        return nil
    }
    // The second meeting's agenda of the first group.
    let group = program.groups[0]
    let agenda = AgendaRenderer.markdown(try builder.agendas(for: group)[1])
    // Record that meeting 1 was held, and read the group's progress back.
    let store = try ProgressStore(path: folder + "/progress.sqlite")
    let journal = ProgramJournal(program: program, plans: loaded.plans, builder: builder, journal: store)
    try await journal.logMeeting(group: group, meeting: 1)
    let held = try await journal.ledger(of: group).state(of: group.id).held
    return (agenda, held)
}
// --- README example ends ---

/// The README's "Use MentorKit as a library" example, as written there: if it stops compiling or
/// working, this test says so.
struct LibraryExampleTests {
    @Test("the README's library example loads a program, renders an agenda and records a meeting")
    func readmeExample() async throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "mentorkit-library-\(UUID().uuidString)").path
        let programText = try #require(ShippedPlans.files.first { $0.path == "Plans/examples/one-to-one.yaml" }).contents
        let result = try #require(try await example(programText: programText, folder: folder))
        #expect(result.agenda.hasPrefix("# Public Works Mentoring 2027: ruiz-lin"))
        #expect(result.agenda.contains("Meeting 2 of"))
        #expect(result.held == 1)

        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appending(path: "README.md"), encoding: .utf8)
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        let shown = try #require(
            source.components(separatedBy: "// --- README example begins ---\n").dropFirst().first?
                .components(separatedBy: "// --- README example ends ---").first)
        #expect(
            readme.contains(
                "```swift\nimport BuiltInProgramTypes\nimport MentorCore\nimport MentorStore\nimport ShippedPlans\n\n"
                    + shown + "```"), "README.md shows the example as this test runs it")
    }
}
