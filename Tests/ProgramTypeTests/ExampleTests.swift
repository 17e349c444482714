import BuiltInProgramTypes
import MentorCore
import ShippedPlans
import Testing

/// Every program type's examples are its tests: valid ones load and give sound agendas, invalid
/// ones fail with exactly the error they state. A type without both kinds fails here.
struct ExampleTests {
    static let shipped = ShippedPlans.templates.map { PlanSource(path: $0.path, text: $0.contents) }
    static let typeIDs = BuiltInProgramTypes.all.map { $0.description.id }

    static func type(_ id: String) throws -> any ProgramType.Type {
        try #require(BuiltInProgramTypes.all.first { $0.description.id == id })
    }

    @Test("the built-in types register without clashes")
    func registry() throws {
        let registry = try ProgramRegistry(types: BuiltInProgramTypes.all)
        #expect(registry.ids == ["one-to-one", "reverse", "circle", "peer"])
        #expect(BuiltInProgramTypes.registry.ids == registry.ids)
    }

    @Test("each type describes itself and has valid and invalid examples", arguments: typeIDs)
    func described(_ id: String) throws {
        let description = try Self.type(id).description
        #expect(PlanFormat.isValidID(description.id))
        #expect(!description.name.isEmpty && !description.summary.isEmpty && !description.roles.isEmpty)
        #expect(description.examples.contains { $0.expectedError == nil }, "\(id) has no valid example")
        #expect(description.examples.contains { $0.expectedError != nil }, "\(id) has no invalid example")
        #expect(
            description.examples.allSatisfy { ($0.expectedError == nil) == ($0.expectedMark == nil) },
            "\(id) has an invalid example that does not say where its error points")
    }

    @Test("valid examples load cleanly and every agenda adds up to the meeting length", arguments: typeIDs)
    func validExamples(_ id: String) throws {
        let type = try Self.type(id)
        let harness = ProgramHarness(type: type, plans: Self.shipped)
        for example in type.description.examples where example.expectedError == nil {
            let result = harness.load(example.yaml)
            #expect(result.diagnostics.filter { $0.severity == .error }.map(\.description) == [], "\(example.title)")
            let program = try #require(result.program)
            let agendas = try #require(try harness.agendas(example.yaml))
            for group in program.groups {
                let meetings = try #require(agendas[group.id])
                #expect(meetings.count >= 2)
                #expect(meetings.first?.phase == .orientation)
                #expect(meetings.last?.phase == .closing)
                for agenda in meetings {
                    #expect(
                        agenda.items.reduce(0) { $0 + $1.minutes } == program.meetingMinutes,
                        "\(example.title) meeting \(agenda.meeting)")
                    #expect(agenda.items.allSatisfy { $0.minutes > 0 && !$0.lead.isEmpty && !$0.title.isEmpty })
                    #expect(agenda.items.contains { $0.kind == .topic }, "meeting \(agenda.meeting) has no plan topic")
                }
            }
        }
    }

    @Test("invalid examples fail with exactly the error they state, where they state it", arguments: typeIDs)
    func invalidExamples(_ id: String) throws {
        let type = try Self.type(id)
        let harness = ProgramHarness(type: type, plans: Self.shipped)
        for example in type.description.examples {
            guard let expected = example.expectedError else { continue }
            let errors = harness.load(example.yaml).diagnostics.filter { $0.severity == .error }
            #expect(errors.map(\.message) == [expected], "\(example.title)")
            #expect(errors.map(\.mark) == [example.expectedMark], "\(example.title): the error points elsewhere")
        }
    }
}
