import BuiltInProgramTypes
import MentorCore
import OneToOneProgram
import ShippedPlans
import Testing

/// `email:` on people and `coordinators:`: who may sign in to `mentor serve`.
struct ProgramEmailTests {
    static func body(ana: String = "ana@example.org", ben: String = "ben@example.org", coordinator: String = "cora@example.org") -> String {
        """
        program: Pilot
        type: one-to-one
        starts: 2027-01-11
        people:
          - {id: ana, name: Ana, grade: 7, email: \(ana)}
          - {id: ben, name: Ben, grade: 4, email: \(ben)}
        coordinators:
          - {id: cora, name: Cora, email: \(coordinator)}
        groups:
          - {id: g1, mentor: ana, mentees: [ben]}
        """
    }

    let harness = ProgramHarness(type: OneToOneProgram.self, plans: ExampleTests.shipped)

    @Test("emails and coordinators are read")
    func read() throws {
        let result = harness.load(Self.body())
        #expect(!result.hasErrors, "\(result.diagnostics)")
        let program = try #require(result.program)
        #expect(program.person("ana")?.email == "ana@example.org")
        #expect(
            program.coordinators == [Coordinator(id: "cora", name: "Cora", email: "cora@example.org", mark: program.coordinators[0].mark)])
        #expect(program.person(email: "ANA@example.org")?.id == "ana")
        #expect(program.coordinator(email: "cora@EXAMPLE.org")?.id == "cora")
    }

    @Test(
        "a malformed email is an error at its line and column",
        arguments: [
            "ana", "ana@", "'@example.org'", "ana@example", "'a b@example.org'", "'<ana@example.org>'", "ana@@example.org",
            "ana@exa_mple.org",
        ])
    func malformed(email: String) {
        let result = harness.load(Self.body(ana: email))
        let errors = result.diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.mark.line == 5)
        #expect(errors.first?.mark.column == 43)
        #expect(errors.first?.message.contains("is not a valid email") == true)
    }

    @Test("two people may not share an email, whatever its case; nor a person and a coordinator")
    func duplicates() {
        for body in [Self.body(ben: "ANA@example.org"), Self.body(coordinator: "ben@example.org")] {
            let errors = harness.load(body).diagnostics.filter { $0.severity == .error }
            #expect(errors.count == 1, "\(errors)")
            #expect(errors.first?.message.contains("each person signs in with an address of their own") == true)
            #expect(errors.first.map { $0.mark.line == 6 || $0.mark.line == 8 } == true)
        }
    }

    @Test("a coordinator needs id, name and email, and an id of their own")
    func coordinatorKeys() {
        let missing = harness.load(Self.body().replacingOccurrences(of: ", email: cora@example.org", with: ""))
        #expect(missing.diagnostics.contains { $0.severity == .error && $0.message.contains("'email'") && $0.mark.line == 8 })
        let clash = harness.load(Self.body().replacingOccurrences(of: "id: cora", with: "id: ana"))
        #expect(clash.diagnostics.contains { $0.severity == .error && $0.message.contains("already a person's id") })
    }

    @Test("the example programs give everyone an example.org email and have a coordinator")
    func examples() throws {
        let loader = ProgramLoader(registry: BuiltInProgramTypes.registry)
        let examples = ShippedPlans.files.filter { $0.path.hasPrefix("Plans/examples/") && !$0.path.contains("matching") }
        #expect(examples.count >= 4)
        for file in examples where file.path.hasSuffix(".yaml") {
            let result = loader.load(PlanSource(path: file.path, text: file.contents), shippedPlans: ExampleTests.shipped)
            let program = try #require(result.program, "\(file.path): \(result.diagnostics)")
            #expect(program.people.allSatisfy { $0.email?.hasSuffix("@example.org") == true }, "\(file.path)")
            #expect(program.coordinators.count == 1, "\(file.path)")
        }
    }
}
