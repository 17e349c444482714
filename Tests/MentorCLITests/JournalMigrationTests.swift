import Foundation
import Testing

/// A copy of the v1 journal fixture (written by MentorKit before the v2 format) beside a copy of
/// the example program it was recorded for.
private func v1Journal() throws -> (folder: URL, program: String, journal: URL) {
    let (folder, program) = try programCopy()
    let journal = folder.appending(path: ".mentor/progress.sqlite")
    try FileManager.default.createDirectory(at: journal.deletingLastPathComponent(), withIntermediateDirectories: true)
    try FileManager.default.copyItem(at: Mentor.packageRoot.appending(path: "Tests/Fixtures/journal-v1/progress.sqlite"), to: journal)
    return (folder, program, journal)
}

/// Runs a Python sqlite3 query on `journal` and returns its rows as printed lists.
private func query(_ journal: URL, _ sql: String) throws -> String {
    let script =
        "import sqlite3, sys; c = sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True); print(c.execute(sys.argv[2]).fetchall())"
    let output = try Mentor.runProcess(
        URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, journal.path, sql],
        in: journal.deletingLastPathComponent())
    try #require(output.status == 0, "\(output.stderr)")
    return output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
}

struct JournalMigrationTests {
    @Test("a v1 journal is read as it is: its history counts, and nothing is written to it or beside it")
    func readsV1() throws {
        let (folder, program, journal) = try v1Journal()
        let before = try Data(contentsOf: journal)
        #expect(try nextMeeting(program, in: folder) == 3, "meeting 1 held and meeting 2 missed")
        let events = try exported(program, in: folder)
        #expect(events.count == 9)
        #expect(events.allSatisfy { $0["program"] as? String == "one-to-one" }, "events are told by the program's key")
        try mentor(["report", program, "--today", "2027-03-15"], in: folder)
        #expect(try Data(contentsOf: journal) == before, "reading changed the journal")
        let beside = try FileManager.default.contentsOfDirectory(atPath: journal.deletingLastPathComponent().path)
        #expect(beside == ["progress.sqlite"], "reading left files beside the journal: \(beside)")
    }

    @Test("the first recording migrates a v1 journal in place after saving a copy; numbering goes on from the old events")
    func recordingMigrates() throws {
        let (folder, program, journal) = try v1Journal()
        let original = try query(journal, "SELECT seq, id, program, groupID, kind, date, body FROM event ORDER BY seq")
        let goal = try mentor(["goal", "set", program, "--group", "ruiz-lin", "Present to council", "--plan", "career"], in: folder)
        #expect(goal.stdout == "set goal g2 for ruiz-lin\n", "g1 was set before the migration")
        let backup = journal.deletingLastPathComponent().appending(path: "progress.sqlite.v1-backup")
        #expect(
            try query(backup, "SELECT seq, id, program, groupID, kind, date, body FROM event ORDER BY seq") == original,
            "the backup holds the journal as it was")
        #expect(try query(backup, "SELECT identifier FROM grdb_migrations") == "[('v1: events',)]")
        #expect(
            try query(journal, "SELECT identifier FROM grdb_migrations ORDER BY identifier")
                == "[('v1: events',), ('v2: columns and records',)]")
        #expect(try query(journal, "SELECT DISTINCT program FROM event") == "[('one-to-one',)]")
        #expect(
            try query(journal, "SELECT groupID, meeting FROM event WHERE meeting IS NOT NULL ORDER BY seq")
                == "[('ruiz-lin', 1), ('ruiz-lin', 2), ('brandt-aziz', 1)]")
        #expect(try query(journal, "SELECT item FROM event WHERE kind LIKE 'action-%' ORDER BY seq") == "[('a1',), ('a1',), ('a1',)]")
        #expect(try exported(program, in: folder).count == 10)
        #expect(try nextMeeting(program, in: folder) == 3)
    }

    @Test("mentor store migrate migrates once, says where the copy is, and then has nothing to do")
    func storeMigrate() throws {
        let (folder, program, journal) = try v1Journal()
        let first = try mentor(["store", "migrate", program], in: folder)
        #expect(
            first.stdout.contains(
                "migrated '.mentor/progress.sqlite' to the current format; the journal as it was is saved at "
                    + "'.mentor/progress.sqlite.v1-backup'"), "\(first.stdout)")
        let second = try mentor(["store", "migrate", program], in: folder)
        #expect(second.stdout.contains("is already in the current format; nothing was changed"), "\(second.stdout)")
        #expect(!FileManager.default.fileExists(atPath: journal.path + ".v1-backup-2"), "no second copy")
        #expect(try exported(program, in: folder).count == 9)
        let missing = try Mentor.run(["store", "migrate", program, "--store", "nowhere.sqlite"], in: folder)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("there is no progress journal at 'nowhere.sqlite' yet"), "\(missing.stderr)")
    }
}
