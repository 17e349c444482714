import BuiltInProgramTypes
import MentorCore
import OneToOneProgram
import Testing

/// The program's stable key (`id:`), which the journal files events under.
struct ProgramKeyTests {
    static let body = """
        program: Pilot
        type: one-to-one
        starts: 2027-01-11
        people:
          - {id: ana, name: Ana, grade: 7}
          - {id: ben, name: Ben, grade: 4}
        groups:
          - {id: g1, mentor: ana, mentees: [ben]}
        """

    let harness = ProgramHarness(type: OneToOneProgram.self, plans: ExampleTests.shipped)

    @Test(
        "without id:, the key is the file name kebab-cased",
        arguments: [
            ("Plans/examples/one-to-one.yaml", "one-to-one"), ("Spring Cohort 2027.yml", "spring-cohort-2027"),
            ("Übung.yaml", "ubung"), ("/tmp/.yaml", "yaml"), ("!!!.yaml", "program"),
        ])
    func defaultKey(path: String, key: String) throws {
        let result = harness.load(Self.body, path: path)
        #expect(result.diagnostics.filter { $0.severity == .error }.isEmpty)
        let program = try #require(result.program)
        #expect(program.id == key)
        #expect(Program.defaultID(forFile: path) == key)
    }

    @Test("id: is the key, and renaming the program leaves it")
    func explicitKey() throws {
        let first = try #require(harness.load("id: pilot-2027\n" + Self.body, path: "a.yaml").program)
        let renamed = try #require(
            harness.load(
                "id: pilot-2027\n" + Self.body.replacingOccurrences(of: "Pilot", with: "Pilot (renamed)"),
                path: "b.yaml"
            ).program)
        #expect(first.id == "pilot-2027")
        #expect(renamed.id == first.id)
    }

    @Test("an id that is not ASCII kebab-case is an error at its line, with a suggestion")
    func invalidKey() {
        let result = harness.load("id: Pilot 2027\n" + Self.body)
        let errors = result.diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.mark.line == 1)
        #expect(errors.first?.message.contains("like 'pilot-2027'") == true)
    }
}
