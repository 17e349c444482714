import Foundation
import MentorCore
import MentorStore
import MentorStorePostgres
import TestSupport
import Testing

/// The PostgreSQL server the tests use: `MENTORKIT_TEST_POSTGRES` (a `postgres://` URL, as printed by
/// `Tests/Support/postgres.sh start`). Without it the PostgreSQL cases are left out and
/// ``PostgresAvailabilityTests`` says so; with `MENTORKIT_REQUIRE_SERVICES=1` (CI) that is a failure.
enum TestPostgres {
    static let url: String? = ProcessInfo.processInfo.environment["MENTORKIT_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    static let required = Required.services
    static let skipMessage =
        "MENTORKIT_TEST_POSTGRES is unset, so the PostgreSQL backend is NOT tested; "
        + "start a throwaway server with: eval \"$(Tests/Support/postgres.sh start)\""

    /// A new, empty database on the test server (one per test, so tests never see each other's rows); its URL.
    static func freshDatabase() throws -> String {
        let base = try #require(url, Comment(rawValue: skipMessage))
        let name = "mk_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try psql(base, "CREATE DATABASE \(name)")
        var components = try #require(URLComponents(string: base))
        components.path = "/" + name
        return try #require(components.string)
    }

    /// Runs `sql` with psql (from PostgreSQL's client package) against `url`; throws when it fails.
    @discardableResult
    static func psql(_ url: String, _ sql: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", url, "-v", "ON_ERROR_STOP=1", "-qAtc", sql]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}

/// What the PostgreSQL journal does for the database server's planner.
struct PostgresPlannerTests {
    @Test(
        "a bulk append gathers the planner's statistics at once (ANALYZE): a freshly copied journal is read through the right indexes",
        .enabled(if: TestPostgres.url != nil))
    func analyzedAfterBulkAppend() async throws {
        let location = try TestPostgres.freshDatabase()
        let journal = try JournalLocation(location).openForRecording()
        let small = (1...10).map { event("small\($0)", group: "g\($0 % 7)", .trainingNeed(TrainingNeedRecord(text: "n"))) }
        try await journal.append(small)
        // ANALYZE writes the column statistics (pg_stats) before it returns.
        let analyzed = "SELECT count(*) > 0 FROM pg_stats WHERE tablename = 'event' AND attname = 'seq'"
        #expect(try TestPostgres.psql(location, analyzed).output.trimmingCharacters(in: .whitespacesAndNewlines) == "f")
        let bulk = (1...PostgresJournal.analyzeAfter).map {
            event("bulk\($0)", group: "g\($0 % 97)", .trainingNeed(TrainingNeedRecord(text: "need \($0)")))
        }
        #expect(try await journal.append(bulk) == PostgresJournal.analyzeAfter)
        #expect(try TestPostgres.psql(location, analyzed).output.trimmingCharacters(in: .whitespacesAndNewlines) == "t")
    }
}

/// A large append into a journal with no event (an import into a new journal, `mentor store
/// copy`) is loaded with the table's indexes dropped and built again after.
struct PostgresBulkLoadTests {
    @Test(
        "a bulk load into an empty journal keeps the order sent, the first of a repeated id, and every index and constraint",
        .enabled(if: TestPostgres.url != nil), .timeLimit(.minutes(1)))
    func loadIntoEmpty() async throws {
        let location = try TestPostgres.freshDatabase()
        let journal = try JournalLocation(location).openForRecording()
        let count = PostgresJournal.loadIntoEmptyFrom
        var bulk = (1...count).map { event("e\($0)", group: "g\($0 % 97)", .trainingNeed(TrainingNeedRecord(text: "need \($0)"))) }
        // A repeated id, with another text: the first one sent is kept, as an ordinary append keeps it.
        bulk.insert(event("e2", group: "g2", .trainingNeed(TrainingNeedRecord(text: "again"))), at: 10)
        #expect(try await journal.append(bulk) == count)
        let stored = try await storedEvents(journal, program: "Pilot")
        #expect(stored.map(\.id) == (1...count).map { "e\($0)" })
        #expect(stored.first { $0.id == "e2" } == bulk[1])
        #expect(
            try await storedEvents(journal, program: "Pilot", group: "g5").map(\.id)
                == stride(from: 5, through: count, by: 97).map { "e\($0)" })
        let indexes = "SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE tablename = 'event'"
        #expect(
            try TestPostgres.psql(location, indexes).output.trimmingCharacters(in: .whitespacesAndNewlines)
                == "event_by_group,event_by_item,event_id_key,event_pkey")
        // The ids are unique again, and the journal takes appends as before, skipping ids it holds.
        let again = try TestPostgres.psql(
            location, "INSERT INTO event (id, program, groupid, kind, date, body) VALUES ('e7', 'Pilot', 'g', 'x', 'x', '{}')")
        #expect(again.status != 0 && again.output.contains("event_id_key"), "\(again.output)")
        let more = [
            event("e7", .trainingNeed(TrainingNeedRecord(text: "x"))), event("later", .trainingNeed(TrainingNeedRecord(text: "x"))),
        ]
        #expect(try await journal.append(more) == 1)
        #expect(try await storedEvents(journal, program: "Pilot").last?.id == "later")
    }
}

/// Reading every group: each group's events come joined in one row, read row by row from the
/// first group whose joined row is not exactly what the fast read expects.
struct PostgresGroupReadTests {
    @Test(
        "rows the joined read is not sure of (not an event, a separator inside, columns that disagree) have their groups read row by row, each group once",
        .enabled(if: TestPostgres.url != nil), .timeLimit(.minutes(1)))
    func unsureRows() async throws {
        let location = try TestPostgres.freshDatabase()
        let journal = try JournalLocation(location).openForRecording()
        // More groups than one fetch takes, so the read crosses fetches before and after the first bad row.
        let groupCount = PostgresJournal.groupsFetched * 2 + 7
        let events = (0..<(groupCount * 3)).map {
            event("e\($0)", group: "g\($0 % groupCount)", .trainingNeed(TrainingNeedRecord(text: "n\($0)")))
        }
        try await journal.append(events)
        var other = event("other", group: "g3", .trainingNeed(TrainingNeedRecord(text: "not Pilot's")))
        other.program = "Other"
        try await journal.append([other])
        let bad = [
            "('bad-json', 'Pilot', 'g40', 'x', 'x', '{\"not\": \"an event\"}')",
            "('bad-separator', 'Pilot', 'g50', 'x', 'x', E'{\"id\": \"bad-separator\"\\x1e}')",
        ]
        for row in bad {
            let insert = try TestPostgres.psql(location, "INSERT INTO event (id, program, groupid, kind, date, body) VALUES \(row)")
            #expect(insert.status == 0, "\(insert.output)")
        }
        // An event of g5 stored under g60 (its body names g5).
        let disagree = try TestPostgres.psql(
            location,
            "INSERT INTO event (id, program, groupid, kind, date, body) SELECT 'moved', program, 'g60', kind, date, replace(body, '\"e5\"', '\"moved\"') FROM event WHERE id = 'e5'"
        )
        #expect(disagree.status == 0, "\(disagree.output)")
        var expected: [String: (read: [String], unreadable: [String])] = [:]
        for event in events { expected[event.group, default: ([], [])].read.append(event.id) }
        expected["g40", default: ([], [])].unreadable.append("bad-json")
        expected["g50", default: ([], [])].unreadable.append("bad-separator")
        expected["g60", default: ([], [])].unreadable.append("moved")
        for ways in [1, 2, 3] {
            var seen: [String: (read: [String], unreadable: [String])] = [:]
            for range in GroupRange.split((0..<groupCount).map { "g\($0)" }, into: ways) {
                try await journal.forEachGroup(program: "Pilot", in: range) { group, results in
                    #expect(seen[group] == nil, "\(group) is read once")
                    seen[group] = (
                        results.compactMap { try? $0.get().id },
                        results.compactMap { result in if case .failure(let row) = result { row.id } else { nil } }
                    )
                }
            }
            #expect(seen.keys.sorted() == expected.keys.sorted(), "\(ways) ways")
            for (group, want) in expected {
                #expect(seen[group]?.read == want.read && seen[group]?.unreadable == want.unreadable, "\(group), \(ways) ways")
            }
        }
        // The read leaves the connections fit for use.
        #expect(try await journal.append([event("after", .trainingNeed(TrainingNeedRecord(text: "x")))]) == 1)
        #expect(try await storedEvents(journal, program: "Pilot", group: "g").map(\.id) == ["after"])
    }
}

struct PostgresAvailabilityTests {
    @Test(
        "the PostgreSQL backend is tested (MENTORKIT_TEST_POSTGRES is set)",
        .enabled(if: TestPostgres.url != nil || TestPostgres.required, Comment(rawValue: TestPostgres.skipMessage)))
    func configured() throws {
        #expect(TestPostgres.url != nil, "MENTORKIT_REQUIRE_SERVICES=1, and \(TestPostgres.skipMessage)")
        if let url = TestPostgres.url {
            let answer = try TestPostgres.psql(url, "SELECT 1")
            #expect(answer.status == 0, "the test server at \(url) doesn't answer: \(answer.output)")
        }
    }
}

struct PostgresLocationTests {
    @Test("a URL with a password is refused, saying where a password goes; others are parsed")
    func passwords() throws {
        #expect(throws: StoreError.self) { try JournalLocation("postgres://mentor:secret@db.example.org:5433/mentorkit") }
        do {
            _ = try JournalLocation("postgres://mentor:secret@db.example.org/mentorkit")
        } catch {
            #expect(error.description.contains("PGPASSWORD") && error.description.contains(".pgpass"), "\(error)")
            #expect(!error.description.contains("secret"), "the message must not repeat the password")
        }
        let location = try JournalLocation("postgres://mentor@db.example.org:5433/mentorkit")
        guard case .postgres(let postgres) = location else {
            Issue.record("a postgres:// URL must name a PostgreSQL journal")
            return
        }
        #expect(postgres.host == "db.example.org" && postgres.port == 5433 && postgres.user == "mentor" && postgres.database == "mentorkit")
        #expect(location.description == "postgres://mentor@db.example.org:5433/mentorkit")
        #expect(try JournalLocation("progress.sqlite") == .sqlite(path: "progress.sqlite"))
    }

    @Test("--store, then MENTORKIT_STORE, then the file beside the program")
    func resolution() throws {
        let environment = ["MENTORKIT_STORE": "postgres://mentor@db/mk"]
        #expect(
            try JournalLocation.resolve(store: "x.sqlite", environment: environment, program: "p.yaml").location
                == .sqlite(path: "x.sqlite"))
        #expect(try JournalLocation.resolve(store: nil, environment: environment, program: "p.yaml").location.isPostgres)
        let fallback = try JournalLocation.resolve(store: nil, environment: [:], program: "plans/p.yaml")
        #expect(fallback.location == .sqlite(path: "plans/.mentor/progress.sqlite") && !fallback.explicit)
    }

    @Test("the password comes from PGPASSWORD, then a ~/.pgpass line (wildcards), which must be private")
    func passwordSources() throws {
        let location = try PostgresLocation(url: "postgres://mentor@db.example.org:5433/mentorkit")
        #expect(try location.password(environment: ["PGPASSWORD": "from-env", "HOME": "/nonexistent"]) == "from-env")
        let file = try scratch().appending(path: "pgpass").path
        try "# comment\nother:5433:mentorkit:mentor:wrong\ndb.example.org:*:mentorkit:mentor:pa\\:ss\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        chmod(file, 0o600)
        #expect(try location.password(environment: ["PGPASSFILE": file]) == "pa:ss")
        chmod(file, 0o644)
        #expect(throws: StoreError.self, "a password file others can read is not used") {
            try location.password(environment: ["PGPASSFILE": file])
        }
        #expect(try location.password(environment: ["PGPASSFILE": file + "-missing"]) == nil)
    }
}

struct PostgresAppendOnlyTests {
    @Test(
        "the PostgreSQL journal refuses to change, delete or truncate events and records",
        .enabled(if: TestPostgres.url != nil, Comment(rawValue: TestPostgres.skipMessage)))
    func triggers() async throws {
        let url = try TestPostgres.freshDatabase()
        let journal = try JournalLocation(url).openForRecording()
        try await journal.append([event("1", .trainingNeed(TrainingNeedRecord(text: "x")))])
        try await journal.addRecord(JournalRecord(kind: .session, key: "s", at: Date()), unique: false)
        for sql in [
            "UPDATE event SET body = '{}'", "DELETE FROM event", "TRUNCATE event", "UPDATE record SET key = 'x'",
            "DELETE FROM record", "TRUNCATE record",
        ] {
            let answer = try TestPostgres.psql(url, sql)
            #expect(answer.status != 0, "'\(sql)' was allowed")
            #expect(answer.output.contains("append-only"), "\(answer.output)")
        }
        #expect(try await journal.programs() == ["Pilot": 1])
        #expect(try await journal.records(kind: .session, key: "s").count == 1)
    }

    @Test(
        "reading a database without a journal creates nothing and says there is none",
        .enabled(if: TestPostgres.url != nil, Comment(rawValue: TestPostgres.skipMessage)))
    func readingCreatesNothing() async throws {
        let url = try TestPostgres.freshDatabase()
        await #expect(throws: StoreError.self) { try await JournalLocation(url).openForReading() }
        #expect(
            try TestPostgres.psql(url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").output
                .trimmingCharacters(in: .whitespacesAndNewlines) == "0")
    }
}
