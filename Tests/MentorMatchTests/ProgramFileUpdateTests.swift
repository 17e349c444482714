import BuiltInProgramTypes
import MentorCore
import MentorMatch
import Testing

@Suite("Adding matched groups to a program file")
struct ProgramFileUpdateTests {
    /// The program text after matching `csv` and adding the result to `text`.
    func updated(_ text: String, roster csv: String) throws -> String {
        let result = ProgramLoader(registry: BuiltInProgramTypes.registry).load(
            PlanSource(path: "p.yaml", text: text), shippedPlans: shipped)
        let program = try #require(result.program, "\(result.diagnostics)")
        let roster = try roster(csv)
        let match = try Matcher(program: program, policy: try policy(program.type), roster: roster).run()
        return try ProgramFileUpdate.apply(match, roster: roster, program: program, to: text)
    }

    static let csv = "id,name,grade,role\nm1,Mia,14,mentor\ne1,Eve,12,mentee\n"
    static let lines = [
        "program: P", "type: one-to-one", "starts: 2027-01-11", "people:", "  - { id: m0, name: Mo, grade: 15 }",
        "  - { id: e0, name: Ed, grade: 11 }", "# the groups", "groups:", "  - { id: g0, mentor: m0, mentees: [e0] }", "",
    ]
    static let added = ["  - { id: m1, name: Mia, grade: 14 }", "  - { id: e1, name: Eve, grade: 12 }"]

    @Test("each line keeps its own ending; new lines take the file's", arguments: ["\n", "\r\n", "\r"])
    func lineEndings(newline: String) throws {
        let text = Self.lines.joined(separator: newline)
        let expected =
            (Array(Self.lines[0...5]) + Self.added + Array(Self.lines[6...8])
            + ["  - { id: m1-e1, mentor: m1, mentees: [e1] }", ""]).joined(separator: newline)
        #expect(try updated(text, roster: Self.csv) == expected)
    }

    @Test("a mix of endings is kept line by line")
    func mixed() throws {
        let text = "program: P\r\ntype: one-to-one\nstarts: 2027-01-11\r\npeople: []\r\ngroups: []\r\n"
        #expect(
            try updated(text, roster: Self.csv) == "program: P\r\ntype: one-to-one\nstarts: 2027-01-11\r\npeople:\r\n"
                + Self.added.map { $0 + "\r\n" }.joined() + "groups:\r\n  - { id: m1-e1, mentor: m1, mentees: [e1] }\r\n")
    }

    @Test("a CRLF file without groups, or without a final line break, gets them in CRLF")
    func missingKey() throws {
        #expect(
            try updated("program: P\r\ntype: one-to-one\r\nstarts: 2027-01-11\r\npeople: []\r\n\r\n", roster: Self.csv)
                == "program: P\r\ntype: one-to-one\r\nstarts: 2027-01-11\r\npeople:\r\n" + Self.added.map { $0 + "\r\n" }.joined()
                + "groups:\r\n  - { id: m1-e1, mentor: m1, mentees: [e1] }\r\n")
        let noFinalBreak = Self.lines.dropLast().joined(separator: "\r\n")
        let result = try updated(noFinalBreak, roster: Self.csv)
        #expect(result.hasSuffix("  - { id: g0, mentor: m0, mentees: [e0] }\r\n  - { id: m1-e1, mentor: m1, mentees: [e1] }"))
        #expect(!result.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }
}
