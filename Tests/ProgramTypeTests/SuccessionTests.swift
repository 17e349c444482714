import BuiltInProgramTypes
import MentorCore
import OneToOneProgram
import Testing

/// Succession planning in the program file (issue 14 item 5): `retires`, `key-position` and
/// `successor-for` on people, and the report's "Knowledge at risk".
struct SuccessionTests {
    let harness = ProgramHarness(type: OneToOneProgram.self, plans: ExampleTests.shipped)

    static func body(
        holder: String = "key-position: true, retires: 2027-06-30", successor: String = "grade: 9, successor-for: kay",
        groups: String = "  - {id: g1, mentor: ana, mentees: [ben]}"
    ) -> String {
        """
        program: Pilot
        type: one-to-one
        starts: 2027-01-11
        people:
          - {id: kay, name: Kay, grade: 16, \(holder)}
          - {id: sid, name: Sid, \(successor)}
          - {id: ana, name: Ana, grade: 12}
          - {id: ben, name: Ben, grade: 8}
        groups:
        \(groups)
        """
    }

    @Test("the keys are read")
    func read() throws {
        let program = try #require(harness.load(Self.body()).program)
        let kay = try #require(program.person("kay"))
        let sid = try #require(program.person("sid"))
        #expect(kay.keyPosition && kay.retires == CalendarDate("2027-06-30") && sid.successorFor == "kay")
        #expect(!sid.keyPosition && sid.retires == nil)
    }

    @Test(
        "bad values are errors at their place",
        arguments: [
            (body(holder: "retires: soon"), "a date written YYYY-MM-DD", 5),
            (body(holder: "key-position: maybe"), "'maybe'", 5),
            (
                body(successor: "grade: 9, successor-for: kai"),
                "'successor-for' names 'kai', who is not listed under 'people'; did you mean 'kay'?", 6
            ),
            (body(successor: "grade: 9, successor-for: sid"), "names the person themselves", 6),
        ])
    func refused(yaml: String, message: String, line: Int) throws {
        let error = try #require(harness.load(yaml).diagnostics.first { $0.severity == .error })
        #expect(error.message.contains(message), "\(error.message)")
        #expect(error.mark.line == line)
    }

    @Test("knowledge is at risk until the retiring key holder mentors and the successor is in a partnership")
    func knowledgeAtRisk() throws {
        let alone = try #require(harness.load(Self.body()).program)
        #expect(
            ProgramReport.knowledgeAtRisk(in: alone) == [
                "Kay holds a key position and may retire on 2027-06-30: mentors nobody; successor Sid is in no partnership"
            ])
        let passing = try #require(harness.load(Self.body(groups: "  - {id: g1, mentor: kay, mentees: [sid]}")).program)
        #expect(ProgramReport.knowledgeAtRisk(in: passing).isEmpty)
        let later = try #require(harness.load(Self.body(holder: "key-position: true, retires: 2031-01-01")).program)
        #expect(ProgramReport.knowledgeAtRisk(in: later).isEmpty, "retiring after the term is not this program's risk")
        let nobody = try #require(
            harness.load(Self.body(successor: "grade: 9", groups: "  - {id: g1, mentor: kay, mentees: [ben]}")).program)
        #expect(
            ProgramReport.knowledgeAtRisk(in: nobody) == ["Kay holds a key position and may retire on 2027-06-30: no successor is named"])
    }
}
