// The progress journal at scale (issue 11): a 2,000-pair program whose journal holds 1,000,000
// events. Run: swift package benchmark --target ProgressJournal
//
// With MENTORKIT_BENCH_POSTGRES set to a postgres:// URL (a server where that user may create
// databases, e.g. the one `Tests/Support/postgres.sh start` prints), the same journal is also
// measured on PostgreSQL, in a new database made for the run.
//
// The whole commands a person waits for (`mentor agenda`, `mentor log`, `mentor report` on such a
// journal) are timed from outside, on the release binary, with a journal written by
// make_journal.py beside this file: see BENCHMARKS.md.
import Benchmark
import BuiltInProgramTypes
import Foundation
import MentorCore
import MentorStore
import MentorStorePostgres
import ShippedPlans

let groupCount = 2_000
let eventsPerGroup = 500 // 2,000 groups x 500 = 1,000,000 events

/// A 2,000-pair one-to-one program, monthly for a year.
func generatedProgram() -> String {
    var text = "id: citywide\nprogram: Citywide Mentoring\ntype: one-to-one\nstarts: 2027-01-11\nmonths: 12\ncadence: monthly\npeople:\n"
    for index in 0..<groupCount {
        text += "  - { id: m\(index), name: Mentor \(index), grade: 13 }\n  - { id: e\(index), name: Mentee \(index), grade: 9 }\n"
    }
    text += "groups:\n"
    for index in 0..<groupCount { text += "  - { id: g\(index), mentor: m\(index), mentees: [e\(index)] }\n" }
    return text
}

/// Each group's 12 meetings, then action items added and done in turn: every event keeps the rules.
func generatedEvents() -> [ProgressEvent] {
    let start = CalendarDate(year: 2027, month: 1, day: 11)!
    var events: [ProgressEvent] = []
    events.reserveCapacity(groupCount * eventsPerGroup)
    for group in 0..<groupCount {
        func add(_ index: Int, _ date: CalendarDate, _ body: ProgressEvent.Body) {
            events.append(ProgressEvent(id: "\(group)-\(index)", program: "citywide", group: "g\(group)", date: date, body: body))
        }
        for number in 1...12 {
            add(
                number, start.adding(days: 30 * (number - 1)),
                .meeting(MeetingRecord(number: number, held: true, attendees: ["m\(group)", "e\(group)"])))
        }
        for pair in 0..<(eventsPerGroup - 12) / 2 {
            let date = start.adding(days: (pair * 7) % 360)
            add(
                13 + 2 * pair, date,
                .action(ActionEvent(action: "a\(pair + 1)", change: .added, text: "Action \(pair + 1)", owner: "e\(group)")))
            add(14 + 2 * pair, date, .action(ActionEvent(action: "a\(pair + 1)", change: .done)))
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

/// The generated program with the journal at `path`.
func programJournal(_ path: String?) throws -> ProgramJournal {
    try programJournal(journal: path.map { try ProgressStore(readingAt: $0) })
}

/// The generated program with `journal`.
func programJournal(journal: (any Journal)?) throws -> ProgramJournal {
    guard let program = loaded.program, let type = BuiltInProgramTypes.registry.type(program.type) else {
        throw StoreError.io(path: "citywide.yaml", detail: "the generated program did not load")
    }
    return ProgramJournal(
        program: program, plans: loaded.plans, builder: AgendaBuilder(program: program, plans: loaded.plans, type: type),
        journal: journal)
}

/// The PostgreSQL server to measure too (MENTORKIT_BENCH_POSTGRES), if any.
let postgres = ProcessInfo.processInfo.environment["MENTORKIT_BENCH_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }

/// A new, empty database on the server at `base`: its URL.
func freshDatabase(_ base: String) throws -> String {
    let name = "bench_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["psql", base, "-v", "ON_ERROR_STOP=1", "-qAtc", "CREATE DATABASE \(name)"]
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0, var components = URLComponents(string: base) else {
        throw StoreError.io(path: base, detail: "psql could not create database \(name)")
    }
    components.path = "/" + name
    guard let url = components.string else { throw StoreError.io(path: base, detail: "not a URL") }
    return url
}

/// Writes the generated events to the journal at `path` unless they are there already.
func fill(_ path: String) throws {
    let store = try ProgressStore(path: path)
    if try store.count(program: "citywide") == 0 { try store.append(events) }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .peakMemoryResident], timeUnits: .milliseconds, maxDuration: .seconds(60), maxIterations: 3)

    Benchmark("Append 1,000,000 events (one transaction, new journal)") { benchmark in
        for _ in benchmark.scaledIterations {
            let store = try ProgressStore(path: freshPath())
            blackHole(try store.append(events))
        }
    }

    let filled = freshPath()
    let empty = freshPath()
    let group = loaded.program?.groups[7]
    Benchmark(
        "One group read and folded, 1,000,000 events in the journal",
        configuration: .init(
            metrics: [.wallClock, .peakMemoryResident], timeUnits: .microseconds, maxDuration: .seconds(10), maxIterations: 200,
            setup: { try fill(filled) })
    ) { benchmark in
        let journal = try programJournal(filled)
        for _ in benchmark.scaledIterations { blackHole(try await journal.read(group: group)) }
    }

    Benchmark(
        "One group read and folded, empty journal",
        configuration: .init(
            metrics: [.wallClock, .peakMemoryResident], timeUnits: .microseconds, maxDuration: .seconds(10), maxIterations: 200,
            setup: { _ = try ProgressStore(path: empty) })
    ) { benchmark in
        let journal = try programJournal(empty)
        for _ in benchmark.scaledIterations { blackHole(try await journal.read(group: group)) }
    }

    Benchmark("Every group folded one at a time (report), 1,000,000 events", configuration: .init(setup: { try fill(filled) })) {
        benchmark in
        let journal = try programJournal(filled)
        for _ in benchmark.scaledIterations { blackHole(try await journal.summary()) }
    }

    Benchmark(
        "Every group folded, two shares side by side (report on two cores), 1,000,000 events",
        configuration: .init(setup: { try fill(filled) })
    ) { benchmark in
        let journal = try programJournal(filled)
        for _ in benchmark.scaledIterations { blackHole(try await journal.summary(ways: 2)) }
    }

    guard let postgres else { return }
    Benchmark("PostgreSQL: append 1,000,000 events (new journal: COPY, indexes built after)") { benchmark in
        for _ in benchmark.scaledIterations {
            let journal = try JournalLocation(try freshDatabase(postgres)).openForRecording()
            blackHole(try await journal.append(events))
        }
    }

    // One database for the reads below, filled once.
    let filledDatabase = try? freshDatabase(postgres)
    let emptyDatabase = try? freshDatabase(postgres)
    func open(_ url: String?, fill: Bool) async throws -> any Journal {
        guard let url else { throw StoreError.io(path: postgres, detail: "no database was made") }
        let journal = try JournalLocation(url).openForRecording()
        if try await journal.programs()["citywide"] == nil { try await journal.append(fill ? events : []) }
        return journal
    }
    for (name, url, fill) in [("1,000,000 events in the journal", filledDatabase, true), ("empty journal", emptyDatabase, false)] {
        Benchmark(
            "PostgreSQL: one group read and folded, \(name)",
            configuration: .init(
                metrics: [.wallClock, .peakMemoryResident], timeUnits: .microseconds, maxDuration: .seconds(10), maxIterations: 200)
        ) { benchmark in
            let journal = try programJournal(journal: try await open(url, fill: fill))
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { blackHole(try await journal.read(group: group)) }
        }
    }
    Benchmark("PostgreSQL: every group folded, two shares side by side (report on two cores), 1,000,000 events") { benchmark in
        let journal = try programJournal(journal: try await open(filledDatabase, fill: true))
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try await journal.summary(ways: 2)) }
    }
}
