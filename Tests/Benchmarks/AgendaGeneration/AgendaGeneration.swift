// Agendas for a large program: 10,000 one-to-one groups, 12 meetings each (goal: under 1 s).
// Run: swift package benchmark --target AgendaGeneration
import Benchmark
import BuiltInProgramTypes
import MentorCore
import ShippedPlans

/// A program file with `groups` mentor–mentee pairs across a few departments.
func generatedProgram(groups: Int) -> String {
    var text = """
        program: Citywide Mentoring
        type: one-to-one
        starts: 2027-01-11
        cadence: monthly
        meeting-minutes: 60
        people:

        """
    for index in 0..<groups {
        text += "  - { id: m\(index), name: Mentor \(index), grade: 13, department: D\(index % 7) }\n"
        text += "  - { id: e\(index), name: Mentee \(index), grade: 9, department: D\((index + 3) % 7) }\n"
    }
    text += "groups:\n"
    for index in 0..<groups {
        text += "  - { id: g\(index), mentor: m\(index), mentees: [e\(index)] }\n"
    }
    return text
}

let shipped = ShippedPlans.templates.map { PlanSource(path: $0.path, text: $0.contents) }
let programText = generatedProgram(groups: 10_000)
let loaded = ProgramLoader(registry: BuiltInProgramTypes.registry)
    .load(PlanSource(path: "citywide.yaml", text: programText), shippedPlans: shipped)

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .peakMemoryResident],
        timeUnits: .milliseconds,
        maxDuration: .seconds(20),
        maxIterations: 10
    )

    Benchmark("Agendas for 10,000 groups x 12 meetings") { benchmark in
        guard let program = loaded.program, let type = BuiltInProgramTypes.registry.type(program.type) else {
            benchmark.error("the generated program did not load: \(loaded.diagnostics.prefix(3))")
            return
        }
        let builder = AgendaBuilder(program: program, plans: loaded.plans, type: type)
        for _ in benchmark.scaledIterations {
            var items = 0
            for group in program.groups {
                // Built-in types never throw; an error here would be a bug worth seeing.
                guard let agendas = try? builder.agendas(for: group) else {
                    benchmark.error("agendas for \(group.id) failed")
                    return
                }
                precondition(agendas.count == 12, "expected 12 meetings")
                items += agendas.reduce(0) { $0 + $1.items.count }
            }
            blackHole(items)
        }
    }

    Benchmark("Load and check a 10,000-group program file") { benchmark in
        for _ in benchmark.scaledIterations {
            let result = ProgramLoader(registry: BuiltInProgramTypes.registry)
                .load(PlanSource(path: "citywide.yaml", text: programText), shippedPlans: shipped)
            precondition(!result.hasErrors, "the generated program must load cleanly")
            blackHole(result)
        }
    }
}
