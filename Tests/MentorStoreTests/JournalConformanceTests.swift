import Foundation
import MentorCore
import MentorStore
import MentorStorePostgres
import Testing

/// The journal backends every behaviour here is checked against.
enum Backend: String, CaseIterable, CustomTestStringConvertible {
    case sqliteFile = "SQLite file"
    case sqliteMemory = "SQLite in memory"
    /// A new database on the test server (MENTORKIT_TEST_POSTGRES) for each test.
    case postgres = "PostgreSQL"

    var testDescription: String { rawValue }

    /// The backends there is a server for: PostgreSQL only when MENTORKIT_TEST_POSTGRES is set
    /// (``PostgresAvailabilityTests`` says when it is left out, and fails in CI).
    static var available: [Backend] { TestPostgres.url == nil ? [.sqliteFile, .sqliteMemory] : allCases }

    /// The backends that live in files or servers, for tests with several processes.
    static var shared: [Backend] { available.filter { $0 != .sqliteMemory } }

    func open() throws -> any Journal {
        if self == .sqliteMemory { return try ProgressStore.inMemory() }
        return try JournalLocation(location()).openForRecording()
    }

    /// Where a new, empty journal of this backend is: a file path or a postgres:// URL.
    func location() throws -> String {
        switch self {
        case .sqliteFile: return try scratch().appending(path: "progress.sqlite").path
        case .sqliteMemory: return ":memory:"
        case .postgres: return try TestPostgres.freshDatabase()
        }
    }
}

struct JournalConformanceTests {
    @Test("events stream back in the order recorded, by program and by group", arguments: Backend.available)
    func streaming(backend: Backend) async throws {
        let journal = try backend.open()
        let events = (1...30).map { event("e\($0)", group: $0 % 3 == 0 ? "b" : "a", .trainingNeed(TrainingNeedRecord(text: "need \($0)"))) }
        #expect(try await journal.append(events) == 30)
        var seen: [String] = []
        try await journal.forEachEvent(program: "Pilot", group: "b") { result in
            if case .success(let event) = result { seen.append(event.id) }
        }
        #expect(seen == events.filter { $0.group == "b" }.map(\.id))
        var all = 0
        try await journal.forEachEvent(program: "Pilot", group: nil) { _ in all += 1 }
        #expect(all == 30)
        #expect(try await journal.programs() == ["Pilot": 30])
    }

    @Test(
        "events between two sequence numbers: of one group or of the whole program, in order, both ends kept to",
        arguments: Backend.available)
    func eventsBetween(backend: Backend) async throws {
        let journal = try backend.open()
        try await journal.append(
            (1...6).map { event("r\($0)", group: $0 % 2 == 0 ? "b" : "a", .trainingNeed(TrainingNeedRecord(text: "n\($0)"))) })
        let middle = try await journal.latestSequence()
        try await journal.append(
            (7...12).map { event("r\($0)", group: $0 % 2 == 0 ? "b" : "a", .trainingNeed(TrainingNeedRecord(text: "n\($0)"))) })
        var other = event("r13", group: "a", .trainingNeed(TrainingNeedRecord(text: "another program")))
        other.program = "Other"
        try await journal.append([other])
        let end = try await journal.latestSequence()
        try await journal.append([event("r14", group: "a", .trainingNeed(TrainingNeedRecord(text: "after the end")))])
        func ids(_ group: String?, after: Int64, through: Int64) async throws -> [String] {
            var ids: [String] = []
            try await journal.forEachEvent(program: "Pilot", group: group, after: after, through: through) { result in
                if case .success(let event) = result { ids.append(event.id) }
            }
            return ids
        }
        #expect(try await ids(nil, after: middle, through: end) == (7...12).map { "r\($0)" })
        #expect(try await ids("b", after: middle, through: end) == ["r8", "r10", "r12"])
        #expect(try await ids("a", after: 0, through: middle) == ["r1", "r3", "r5"])
        #expect(try await ids(nil, after: end, through: .max) == ["r14"])
        #expect(try await ids(nil, after: end, through: end).isEmpty)
    }

    @Test("the latest sequence number grows with each append; the groups written since a number are named", arguments: Backend.available)
    func changesSince(backend: Backend) async throws {
        let journal = try backend.open()
        #expect(try await journal.latestSequence() == 0)
        #expect(try await journal.groups(program: "Pilot", after: 0).isEmpty)
        try await journal.append((1...6).map { event("s\($0)", group: "g\($0 % 3)", .trainingNeed(TrainingNeedRecord(text: "n\($0)"))) })
        let first = try await journal.latestSequence()
        #expect(first > 0)
        #expect(try await journal.groups(program: "Pilot", after: 0) == ["g0", "g1", "g2"])
        #expect(try await journal.groups(program: "Pilot", after: first).isEmpty)
        try await journal.append([event("s7", group: "g2", .trainingNeed(TrainingNeedRecord(text: "later")))])
        var other = event("s8", group: "g1", .trainingNeed(TrainingNeedRecord(text: "another program")))
        other.program = "Other"
        try await journal.append([other])
        #expect(try await journal.latestSequence() > first)
        #expect(try await journal.groups(program: "Pilot", after: first) == ["g2"], "only Pilot's group written since")
        let changes = try await journal.changes(program: "Pilot", after: first)
        #expect(changes.latest == (try await journal.latestSequence()) && changes.groups == ["g2"], "both in one question")
        #expect(try await journal.changes(program: "Pilot", after: changes.latest).groups.isEmpty)
        #expect(try await journal.changes(program: "Pilot", after: .max) == (changes.latest, []))
        #expect(try await journal.groups(program: "Other", after: first) == ["g1"])
    }

    @Test(
        "a large append (COPY on PostgreSQL) keeps order and every character, and appending it again adds nothing",
        arguments: Backend.available)
    func bulkAppend(backend: Backend) async throws {
        let journal = try backend.open()
        let awkward = "tab\there, newline\nthere, a backslash \\N and \\ and \r, quotes \" ' and ünïcödé"
        let events = (1...1200).map {
            event("bulk-\($0)", group: "g\($0 % 7)", .trainingNeed(TrainingNeedRecord(text: "\(awkward) \($0)")))
        }
        #expect(try await journal.append(events) == 1200)
        #expect(try await journal.append(Array(events[100..<700])) == 0, "ids already stored are skipped")
        var read: [ProgressEvent] = []
        try await journal.forEachEvent(program: "Pilot", group: nil) { read.append(try $0.get()) }
        #expect(read == events)
    }

    @Test(
        "ranges that split the groups read every group exactly once, whatever the backend's collation",
        arguments: Backend.available)
    func groupRanges(backend: Backend) async throws {
        let journal = try backend.open()
        // Upper case sorts before lower case byte by byte, not in most locales; "é" after "z".
        let groups = ["b", "B", "a-1", "a-10", "a-2", "é", "z", "Z", "m"]
        let events = (0..<60).map {
            event("r\($0)", group: groups[($0 * 7) % groups.count], .trainingNeed(TrainingNeedRecord(text: "n\($0)")))
        }
        try await journal.append(events)
        var other = event("other-program", group: "b", .trainingNeed(TrainingNeedRecord(text: "not Pilot's")))
        other.program = "Other"
        try await journal.append([other])
        var whole: [String: [String]] = [:]
        try await journal.forEachGroup(program: "Pilot") { group, results in whole[group] = results.compactMap { try? $0.get().id } }
        #expect(Set(whole.keys) == Set(groups))
        for group in groups {
            #expect(whole[group] == events.filter { $0.group == group }.map(\.id), "group \(group) in the order recorded")
        }
        for count in 1...5 {
            // Split by the program file's groups, some of which have no events, and one event's group the file lacks.
            let ranges = GroupRange.split(groups.filter { $0 != "m" } + ["never-logged"], into: count)
            #expect(ranges.count == count)
            var seen: [String: [String]] = [:]
            for range in ranges {
                try await journal.forEachGroup(program: "Pilot", in: range) { group, results in
                    #expect(range.contains(group), "\(group) is in \(range)")
                    #expect(seen[group] == nil, "\(group) is read once")
                    seen[group] = results.compactMap { try? $0.get().id }
                }
            }
            #expect(seen == whole, "\(count) ranges read what one read does")
        }
    }

    @Test("numbering goes on from the highest number and from the count, whichever is higher", arguments: Backend.available)
    func numbering(backend: Backend) async throws {
        let journal = try backend.open()
        try await journal.append([
            event("x1", .goal(GoalEvent(goal: "g7", change: .set, text: "a"))),
            event("x2", .goal(GoalEvent(goal: "custom", change: .set, text: "b"))),
            event("x3", group: "other", .goal(GoalEvent(goal: "g40", change: .set, text: "c"))),
        ])
        let made = try await journal.appendNumbered(program: "Pilot", group: "g", kind: .goalSet, prefix: "g") { number in
            event("new", .goal(GoalEvent(goal: "g\(number)", change: .set, text: "d")))
        }
        #expect(made.item == "g8", "another group's numbers don't count")
    }

    @Test("records: unique ones are refused a second time, counts go by time, kinds and keys stay apart", arguments: Backend.available)
    func records(backend: Backend) async throws {
        let journal = try backend.open()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let token = JournalRecord(
            kind: .signInToken, key: "hash-1", person: "e230", at: now, expires: now.addingTimeInterval(900),
            body: #"{"program":"one-to-one"}"#)
        #expect(try await journal.addRecord(token, unique: false))
        #expect(try await journal.addRecord(JournalRecord(kind: .signInUsed, key: "hash-1", at: now), unique: true))
        #expect(
            try await !journal.addRecord(JournalRecord(kind: .signInUsed, key: "hash-1", at: now), unique: true),
            "a token is used once")
        #expect(try await journal.addRecord(JournalRecord(kind: .signInUsed, key: "hash-2", at: now), unique: true))
        let stored = try await journal.records(kind: .signInToken, key: "hash-1")
        #expect(stored == [token], "every field comes back")
        for minutes in [-30, -10, -5, 0] {
            try await journal.addRecord(
                JournalRecord(
                    kind: .signInRequested, key: "a@example.org",
                    at: now.addingTimeInterval(Double(minutes) * 60)), unique: false)
        }
        try await journal.addRecord(JournalRecord(kind: .signInRequested, key: "b@example.org", at: now), unique: false)
        #expect(try await journal.countRecords(kind: .signInRequested, key: "a@example.org", since: now.addingTimeInterval(-600)) == 3)
        #expect(try await journal.countRecords(kind: .signInRequested, key: nil, since: now.addingTimeInterval(-600)) == 4)
        #expect(try await journal.records(kind: .session).isEmpty)
        #expect(try await journal.records(kind: .signInUsed).map(\.key) == ["hash-1", "hash-2"])
        // Several kinds under one key in one question, in the order added; other keys and kinds left out.
        let both = try await journal.records(key: "hash-1", kinds: [.signInToken, .signInUsed])
        #expect(both.map(\.kind) == [.signInToken, .signInUsed] && both.first == token)
        #expect(try await journal.records(key: "hash-2", kinds: [.signInToken, .signInUsed]).map(\.kind) == [.signInUsed])
        #expect(try await journal.records(key: "hash-1", kinds: [.session, .sessionEnded]).isEmpty)
    }

    @Test("re-keying moves a program's events, and refuses to mix two histories", arguments: Backend.available)
    func rekey(backend: Backend) async throws {
        let journal = try backend.open()
        try await journal.append([
            event("1", .trainingNeed(TrainingNeedRecord(text: "x"))), event("2", .trainingNeed(TrainingNeedRecord(text: "y"))),
        ])
        #expect(try await journal.rekey(from: "Pilot", to: "pilot") == 2)
        var moved: [ProgressEvent] = []
        try await journal.forEachEvent(program: "pilot", group: nil) { if case .success(let event) = $0 { moved.append(event) } }
        #expect(moved.map(\.program) == ["pilot", "pilot"], "the body says the new key too")
        try await journal.append([event("3", .trainingNeed(TrainingNeedRecord(text: "z")))]) // under "Pilot" again
        await #expect(throws: StoreError.self) { try await journal.rekey(from: "Pilot", to: "pilot") }
        #expect(try await journal.programs() == ["pilot": 2, "Pilot": 1])
    }
}

struct AppendOnlyTests {
    @Test("the journal refuses to change or delete events and records, even from another program")
    func triggers() throws {
        let path = try scratch().appending(path: "progress.sqlite").path
        let store = try ProgressStore(path: path)
        try store.append([event("1", .trainingNeed(TrainingNeedRecord(text: "x")))])
        try store.addRecord(JournalRecord(kind: .session, key: "s", at: Date()), unique: false)
        for sql in ["UPDATE event SET body = '{}'", "DELETE FROM event", "UPDATE record SET key = 'x'", "DELETE FROM record"] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [
                "python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()", path, sql,
            ]
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus != 0, "'\(sql)' was allowed")
        }
        #expect(try store.count(program: "Pilot") == 1)
        #expect(try store.records(kind: .session, key: "s").count == 1)
    }
}
