import BuiltInProgramTypes
import MentorCore
import Testing

/// One load per command: the program file is parsed once, the shipped plans decoded once, and the
/// builder the load checked the program with is the one commands use.
struct OneLoadTests {
    static let yaml = programYAML(
        type: "one-to-one",
        people: """
              - { id: ana, name: Ana Mentor, grade: 14 }
              - { id: ben, name: Ben Mentee, grade: 10 }
            """,
        groups: "  - { id: g1, mentor: ana, mentees: [ben] }")

    @Test("a parsed program names its type before any plugin is started, and loads from the same tree")
    func parsedOnce() throws {
        let parsed = ParsedProgram(PlanSource(path: "p.yaml", text: Self.yaml))
        #expect(parsed.typeID == "one-to-one")
        let loader = ProgramLoader(registry: BuiltInProgramTypes.registry)
        let once = loader.load(parsed, shippedPlans: shippedPlans)
        let again = loader.load(PlanSource(path: "p.yaml", text: Self.yaml), shippedPlans: shippedPlans)
        #expect(!once.hasErrors)
        #expect(once.program == again.program)
        #expect(once.plans == again.plans)
        #expect(once.diagnostics.map(\.description) == again.diagnostics.map(\.description))
    }

    @Test("the load keeps the builder it checked with, and its agendas match a fresh builder's")
    func oneBuilder() throws {
        let result = ProgramLoader(registry: BuiltInProgramTypes.registry).load(
            PlanSource(path: "p.yaml", text: Self.yaml), shippedPlans: shippedPlans)
        let builder = try #require(result.builder)
        let program = try #require(result.program)
        let group = try #require(program.groups.first)
        let type = try #require(BuiltInProgramTypes.registry.type(program.type))
        let fresh = AgendaBuilder(program: program, plans: result.plans, type: type)
        #expect(try builder.agendas(for: group) == fresh.agendas(for: group))
        #expect(try builder.fixedMinutes(for: group) == fresh.fixedMinutes(for: group))
    }

    @Test("an unreadable file has no type and loads to its syntax error")
    func unreadable() {
        let parsed = ParsedProgram(PlanSource(path: "p.yaml", text: "type: [one-to-one\n"))
        #expect(parsed.typeID == nil)
        let result = ProgramLoader(registry: BuiltInProgramTypes.registry).load(parsed)
        #expect(result.program == nil && result.builder == nil && result.hasErrors)
        #expect(result.diagnostics.first?.file == "p.yaml")
    }

    @Test("plans available to a program: the shipped ones decoded once, the user's replacing theirs")
    func availablePlans() throws {
        let loader = PlanLoader()
        let career = PlanSource(
            path: "Plans/career.yaml",
            text: """
                plan: career
                title: My own career plan
                topics:
                  - { id: mine, title: Mine, minutes: 10, prompts: [Why?] }
                """)
        let (local, available) = loader.loadAvailable([career], shipped: shippedPlans)
        let separately = loader.load(shippedPlans)
        let own = loader.load([career], fallback: shippedPlans)
        #expect(local.plans == own.plans)
        #expect(available.map(\.id) == own.plans.map(\.id) + separately.plans.map(\.id).filter { $0 != "career" })
        #expect(available.first { $0.id == "career" }?.title == "My own career plan")
        #expect(available.filter { $0.id != "career" } == separately.plans.filter { $0.id != "career" })
    }
}
