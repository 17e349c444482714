import Foundation
import MentorCore
import MentorStore
import MentorStorePostgres
import Testing

/// A fresh folder for one test's journal.
func scratch() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appending(path: "mentorkit-store-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

let day = CalendarDate(year: 2027, month: 2, day: 8)!

func event(_ id: String, group: String = "g", _ body: ProgressEvent.Body) -> ProgressEvent {
    ProgressEvent(id: id, program: "Pilot", group: group, date: day, body: body)
}

struct ProgressStoreTests {
    @Test("events come back in the order recorded, per program and group, with every field")
    func roundTrip() throws {
        let path = try scratch().appending(path: ".mentor/progress.sqlite").path
        let store = try ProgressStore(path: path)
        let events = [
            event(
                "1",
                .meeting(
                    MeetingRecord(
                        number: 1, held: true, attendees: ["a", "b"], covered: ["career/direction"],
                        notes: "private"))),
            event(
                "2",
                .goal(
                    GoalEvent(
                        goal: "g1", change: .set, text: "Lead a project", plan: "career", term: .long,
                        target: CalendarDate("2027-12-01")))),
            event("3", group: "other", .exit(ExitRecord(by: "a", reason: "moved away"))),
            event("4", .checkIn(CheckInRecord(by: "b", rating: 4, answers: ["Going well"]))),
        ]
        #expect(try store.append(events) == 4)
        #expect(try store.events(program: "Pilot", group: "g") == [events[0], events[1], events[3]])
        #expect(try store.events(program: "Pilot") == events)
        #expect(try store.events(program: "Other").isEmpty)
        // A second process (here: a second store object) sees the same file.
        #expect(try ProgressStore(path: path).count(program: "Pilot") == 4)
    }

    @Test("importing the same events twice adds nothing")
    func idempotent() throws {
        let store = try ProgressStore(path: try scratch().appending(path: "p.sqlite").path)
        let events = [event("x", .trainingNeed(TrainingNeedRecord(text: "Budgeting")))]
        #expect(try store.append(events) == 1)
        #expect(try store.append(events) == 0)
        #expect(try store.count(program: "Pilot") == 1)
    }

    @Test("a file that is not SQLite, or another application's database, is refused with a clear error")
    func foreignFiles() throws {
        let folder = try scratch()
        let text = folder.appending(path: "notes.sqlite")
        try Data("these are my notes, not a database".utf8).write(to: text)
        #expect(throws: StoreError.notADatabase(text.path)) { try ProgressStore(path: text.path) }
        #expect(try String(contentsOf: text, encoding: .utf8) == "these are my notes, not a database", "the file must be left as it was")

        let other = folder.appending(path: "other.sqlite")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('create table t(x)'); c.commit()", other.path,
        ]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        #expect(throws: StoreError.foreignDatabase(other.path)) { try ProgressStore(path: other.path) }
    }

    @Test("a journal damaged past its header is reported, not crashed on")
    func damaged() throws {
        let path = try scratch().appending(path: "p.sqlite").path
        do {
            let store = try ProgressStore(path: path)
            try store.append((1...200).map { event("e\($0)", .trainingNeed(TrainingNeedRecord(text: String(repeating: "x", count: 200)))) })
        }
        // Overwrite everything after the 100-byte header with garbage.
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.seek(toOffset: 100)
        try handle.write(contentsOf: Data(repeating: 0xA5, count: 8192))
        try handle.close()
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let outcome = Result { () throws(StoreError) in try ProgressStore(path: path).events(program: "Pilot") }
        guard case .failure(let error) = outcome else {
            Issue.record("a damaged journal must not read as fine")
            return
        }
        #expect(error == .notADatabase(path), "\(error)")
    }
}

/// The events of `program` (of `group`) in `journal`, in the order recorded; the first unreadable row throws.
func storedEvents(_ journal: any Journal, program: String, group: String? = nil) async throws -> [ProgressEvent] {
    var events: [ProgressEvent] = []
    try await journal.forEachEvent(program: program, group: group) { events.append(try $0.get()) }
    return events
}

/// Several processes (Tests/StoreWriter) against one journal, on every backend that has files or a server.
struct ReliabilityTests {
    static let writer: URL? = {
        let here = Bundle.main.bundleURL
        return [here, here.deletingLastPathComponent()].map { $0.appending(path: "StoreWriter") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    func launch(_ location: String, writer name: String, count: Int, output: URL, mode: String = "events") throws -> Process {
        let process = Process()
        process.executableURL = try #require(Self.writer, "StoreWriter is not built beside the tests")
        process.arguments = [location, name, String(count), mode]
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: output)
        let errors = output.appendingPathExtension("err")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errors) // shown when a check fails
        try process.run()
        return process
    }

    func open(_ location: String) throws -> any Journal { try JournalLocation(location).openForRecording() }

    /// What the writers in `folder` printed on standard error.
    func errors(in folder: URL) throws -> String {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".err") }.sorted()
            .map { try String(contentsOf: folder.appending(path: $0), encoding: .utf8) }.joined()
    }

    @Test("16 processes writing at once lose nothing", arguments: Backend.shared)
    func concurrentWriters(backend: Backend) async throws {
        let folder = try scratch()
        let location = try backend.location()
        let perWriter = 40
        let processes = try (1...16).map {
            try launch(location, writer: "w\($0)", count: perWriter, output: folder.appending(path: "w\($0).out"))
        }
        processes.forEach { $0.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 }, "\((try? errors(in: folder)) ?? "")")
        let events = try await storedEvents(open(location), program: "stress")
        #expect(events.count == 16 * perWriter)
        for writer in 1...16 {
            let ids = events.filter { $0.group == "w\(writer)" }.map(\.id)
            #expect(ids == (1...perWriter).map { "w\(writer)-\($0)" }, "writer \(writer)'s events must all be there, in order")
        }
    }

    @Test("a writer killed with SIGKILL mid-run leaves every committed event readable", arguments: Backend.shared)
    func killedWriter(backend: Backend) async throws {
        let folder = try scratch()
        let location = try backend.location()
        let output = folder.appending(path: "out")
        // A count it can't reach before the kill: a test run that keeps this task waiting for
        // seconds (the suite runs in parallel on two cores) once let a writer of 100,000 finish.
        let process = try launch(location, writer: "k", count: 50_000_000, output: output)
        var committed = 0
        for _ in 0..<1_200 where committed < 200 {
            // A blocking sleep: it wakes on time even when the cooperative threads are busy.
            usleep(50_000)
            committed = (try? String(contentsOf: output, encoding: .utf8))?.split(separator: "\n").count ?? 0
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        // Foundation on Linux has been seen to report a SIGKILLed child of a busy test run as
        // `.exit` with status 9 (the signal's number); StoreWriter itself never exits with 9.
        #expect(
            process.terminationReason == .uncaughtSignal || process.terminationStatus == SIGKILL,
            Comment(
                rawValue: "the writer ended by itself (\(process.terminationReason), status \(process.terminationStatus)): "
                    + ((try? String(contentsOf: output.appendingPathExtension("err"), encoding: .utf8)) ?? "")))
        let reported = (try String(contentsOf: output, encoding: .utf8)).split(separator: "\n").count
        try #require(reported >= 200, "the writer reported only \(reported) commits before being killed")
        let events = try await storedEvents(open(location), program: "stress")
        #expect(events.count >= reported, "every commit the writer reported must be readable")
        #expect(events.prefix(reported).map(\.id) == (1...reported).map { "k-\($0)" })
        // The journal still takes writes.
        #expect(try await open(location).append([event("after", .trainingNeed(TrainingNeedRecord(text: "x")))]) == 1)
    }

    @Test("16 processes numbering actions in one group at once never give a number twice, and skip none", arguments: Backend.shared)
    func concurrentNumbering(backend: Backend) async throws {
        let folder = try scratch()
        let location = try backend.location()
        let perWriter = 12
        let outputs = (1...16).map { folder.appending(path: "n\($0).out") }
        let processes = try (1...16).map {
            try launch(location, writer: "n\($0)", count: perWriter, output: outputs[$0 - 1], mode: "numbered")
        }
        processes.forEach { $0.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
        let given = try outputs.flatMap { try String(contentsOf: $0, encoding: .utf8).split(separator: "\n").map(String.init) }
        #expect(given.sorted() == (1...16 * perWriter).map { "a\($0)" }.sorted(), "each number given once")
        let stored = try await storedEvents(open(location), program: "stress", group: "shared").compactMap(\.item)
        #expect(Set(stored).count == 16 * perWriter)
    }

    @Test("an import killed with SIGKILL leaves all of it or none of it", arguments: Backend.shared)
    func killedImport(backend: Backend) async throws {
        // Into a journal that holds an event, and into an empty one (PostgreSQL loads a large
        // import into an empty journal with its indexes dropped and built again: see
        // PostgresBulkLoadTests).
        for (delay, before) in [(0.0, true), (0.05, true), (0.2, true), (0.5, true), (0.05, false), (0.5, false)] {
            let folder = try scratch()
            let location = try backend.location()
            if before {
                try await open(location).append([event("before", .trainingNeed(TrainingNeedRecord(text: "x")))])
            } else {
                try await open(location).append([])
            }
            let output = folder.appending(path: "out")
            let process = try launch(location, writer: "i", count: 100_000, output: output, mode: "import")
            for _ in 0..<400 where !((try? String(contentsOf: output, encoding: .utf8)) ?? "").contains("started") {
                try await Task.sleep(for: .seconds(0.01))
            }
            try await Task.sleep(for: .seconds(delay))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let store = try open(location)
            let imported = try await store.programs()["stress"] ?? 0
            #expect(imported == 0 || imported == 100_000, "killed after \(delay) s: \(imported) of 100000 events are there")
            #expect(try await storedEvents(store, program: "Pilot").map(\.id) == (before ? ["before"] : []))
            #expect(
                try await store.append([event("after", .trainingNeed(TrainingNeedRecord(text: "x")))]) == 1,
                "the journal still takes writes")
        }
    }

    @Test("a unique record (a sign-in token's use) is taken by one process only, however many race for it", arguments: Backend.shared)
    func uniqueRecordRace(backend: Backend) async throws {
        let folder = try scratch()
        let location = try backend.location()
        try await open(location).append([]) // the journal exists before the race
        let outputs = (1...16).map { folder.appending(path: "c\($0).out") }
        let processes = try outputs.map { try launch(location, writer: "token-hash", count: 1, output: $0, mode: "claim") }
        processes.forEach { $0.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
        let answers = try outputs.map { try String(contentsOf: $0, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(answers.filter { $0 == "won" }.count == 1, "\(answers)")
        #expect(answers.filter { $0 == "lost" }.count == 15)
        #expect(try await open(location).records(kind: .signInUsed, key: "token-hash").count == 1)
    }
}
