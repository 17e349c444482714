// The progress journal at scale: 1,000,000 events written, read back and folded, and a report
// over 10,000 groups. Run: swift package benchmark --target ProgressJournal
import Benchmark
import BuiltInProgramTypes
import Foundation
import MentorCore
import MentorStore
import ShippedPlans

let groupCount = 10_000
let eventsPerGroup = 100  // 10,000 groups x 100 = 1,000,000 events

/// A 10,000-pair one-to-one program.
func generatedProgram() -> String {
    var text = "program: Citywide Mentoring\ntype: one-to-one\nstarts: 2027-01-11\npeople:\n"
    for index in 0..<groupCount {
        text += "  - { id: m\(index), name: Mentor \(index), grade: 13 }\n  - { id: e\(index), name: Mentee \(index), grade: 9 }\n"
    }
    text += "groups:\n"
    for index in 0..<groupCount { text += "  - { id: g\(index), mentor: m\(index), mentees: [e\(index)] }\n" }
    return text
}

/// A year of plausible events for each group: meetings, goals, actions, check-ins.
func generatedEvents() -> [ProgressEvent] {
    let start = CalendarDate(year: 2027, month: 1, day: 11)!
    var events: [ProgressEvent] = []
    events.reserveCapacity(groupCount * eventsPerGroup)
    for group in 0..<groupCount {
        for index in 0..<eventsPerGroup {
            let date = start.adding(days: index * 3)
            let body: ProgressEvent.Body
            switch index % 5 {
            case 0: body = .meeting(MeetingRecord(number: index / 5 + 1, held: index % 15 != 0, attendees: ["m\(group)", "e\(group)"],
                                                  covered: ["career/direction", "development-needs/goal-gaps"], notes: "notes \(index)"))
            case 1: body = .goal(GoalEvent(goal: "g\(index)", change: .set, text: "Goal \(index)", plan: "career", term: .short))
            case 2: body = .action(ActionEvent(action: "a\(index)", change: .added, text: "Action \(index)", owner: "e\(group)", due: date))
            case 3: body = .action(ActionEvent(action: "a\(index - 1)", change: .done))
            default: body = .checkIn(CheckInRecord(by: "e\(group)", rating: 4, answers: ["Going well"]))
            }
            events.append(ProgressEvent(id: "\(group)-\(index)", program: "Citywide Mentoring", group: "g\(group)", date: date, body: body))
        }
    }
    return events
}

let shipped = ShippedPlans.templates.map { PlanSource(path: $0.path, text: $0.contents) }
let loaded = ProgramLoader(registry: BuiltInProgramTypes.registry)
    .load(PlanSource(path: "citywide.yaml", text: generatedProgram()), shippedPlans: shipped)
let events = generatedEvents()

func freshPath() -> String {
    FileManager.default.temporaryDirectory.appending(path: "mentorkit-bench-\(UUID().uuidString)/progress.sqlite").path
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .peakMemoryResident], timeUnits: .milliseconds, maxDuration: .seconds(60), maxIterations: 3)

    Benchmark("Append 1,000,000 events (one transaction)") { benchmark in
        for _ in benchmark.scaledIterations {
            let store = try ProgressStore(path: freshPath())
            blackHole(try store.append(events))
        }
    }

    let filled = freshPath()
    Benchmark("Read and fold 1,000,000 events", configuration: .init(setup: {
        _ = try ProgressStore(path: filled).append(events)
    })) { benchmark in
        for _ in benchmark.scaledIterations {
            let read = try ProgressStore(path: filled).events(program: "Citywide Mentoring")
            blackHole(GroupState.fold(read))
        }
    }

    Benchmark("Report over 10,000 groups (1,000,000 events folded)") { benchmark in
        guard let program = loaded.program, let type = BuiltInProgramTypes.registry.type(program.type) else {
            benchmark.error("the generated program did not load")
            return
        }
        let builder = AgendaBuilder(program: program, plans: loaded.plans, type: type)
        let states = GroupState.fold(events)
        let today = CalendarDate(year: 2027, month: 9, day: 1)!
        for _ in benchmark.scaledIterations {
            guard let report = try? ProgramReport.make(program: program, builder: builder, states: states, today: today,
                                                       includePrivate: false) else {
                benchmark.error("the report failed")
                return
            }
            blackHole(ReportRenderer.markdown(report))
        }
    }
}
