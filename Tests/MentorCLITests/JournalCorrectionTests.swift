import Foundation
import Testing

/// One exported event as JSON text.
func eventJSON(
    _ id: String, group: String = "ruiz-lin", date: String = "2027-02-08", kind: String, _ details: String,
    program: String = "one-to-one"
) -> String {
    #"{"id": "\#(id)", "program": "\#(program)", "group": "\#(group)", "date": "\#(date)", "kind": "\#(kind)", "details": \#(details)}"#
}

/// The events `mentor export` prints, decoded.
func exported(_ program: String, in folder: URL, _ extra: [String] = []) throws -> [[String: Any]] {
    let output = try mentor(["export", program, "--include-private"] + extra, in: folder)
    return try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]])
}

/// The next meeting `agenda` picks for ruiz-lin.
func nextMeeting(_ program: String, in folder: URL, _ extra: [String] = []) throws -> Int? {
    let output = try mentor(["agenda", program, "--group", "ruiz-lin", "--format", "json"] + extra, in: folder)
    let agenda = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
    return agenda?["meeting"] as? Int
}

struct JournalImportTests {
    @Test("import refuses what the recording commands refuse, lists every bad event by its place, and imports nothing")
    func importChecksEveryEvent() throws {
        let (folder, program) = try programCopy()
        let events = [
            eventJSON("ok-1", kind: "meeting-held", #"{"number": 1, "held": true, "attendees": ["e100", "e230"], "covered": []}"#),
            eventJSON("bad-meeting", kind: "meeting-held", #"{"number": 10000, "held": true, "attendees": [], "covered": []}"#),
            eventJSON("bad-attendee", kind: "meeting-held", #"{"number": 2, "held": true, "attendees": ["e230", "e999"], "covered": []}"#),
            eventJSON("bad-topic", kind: "meeting-held", #"{"number": 3, "held": true, "attendees": [], "covered": ["career/nope"]}"#),
            eventJSON("bad-rating", kind: "check-in", #"{"by": "x42", "rating": 99, "answers": []}"#),
            eventJSON("bad-future", date: "9999-01-01", kind: "training-need", #"{"text": "Budgeting"}"#),
            eventJSON(
                "bad-past", date: "2026-12-20", kind: "meeting-held", #"{"number": 4, "held": true, "attendees": [], "covered": []}"#),
            eventJSON("bad-group", group: "nobody-here", kind: "training-need", #"{"text": "Budgeting"}"#),
            eventJSON("bad-done", kind: "action-done", #"{"action": "a9", "change": "done"}"#),
            #"{"id": "bad-shape", "kind": "meeting-held"}"#,
        ]
        try Data("[\n\(events.joined(separator: ",\n"))\n]".utf8).write(to: folder.appending(path: "bad.json"))
        let output = try Mentor.run(["import", program, "bad.json"], in: folder)
        #expect(output.status != 0)
        #expect(output.stderr.contains("has 9 events that the journal can't take (10 problems"), "\(output.stderr)")
        #expect(output.stderr.contains("nothing was imported"))
        for expected in [
            "bad.json: [1].details.number: 10000 is not a meeting of group 'ruiz-lin': its schedule has meetings 1 to 12",
            "bad.json: [2].details.attendees[1]: 'e999' is not in group 'ruiz-lin'",
            "bad.json: [3].details.covered[0]: 'career/nope' is not a topic of this program's plans",
            "bad.json: [4].details.rating: 99 is not a rating",
            "bad.json: [4].details.by: 'x42' is not in group 'ruiz-lin'",
            "bad.json: [5].date: '9999-01-01' is outside the program",
            "bad.json: [6].date: '2026-12-20' is before the program starts (2027-01-11)",
            "bad.json: [7].group: 'nobody-here' is not a group of this program",
            "bad.json: [8].details.action: 'a9' is not an open action of group 'ruiz-lin'",
            "bad.json: [9]: 'details' is missing",
        ] {
            #expect(output.stderr.contains(expected), "missing: \(expected)\n\(output.stderr)")
        }
        #expect(!output.stderr.contains("[0]."), "the good event is not listed")
        #expect(!FileManager.default.fileExists(atPath: folder.appending(path: ".mentor").path), "a refused import creates no journal")
        try mentor(["log", program, "--group", "ruiz-lin", "--meeting", "1"], in: folder)
        let journal = try journalSnapshot(folder.appending(path: ".mentor"))
        #expect(try Mentor.run(["import", program, "bad.json"], in: folder).status != 0)
        #expect(try journalSnapshot(folder.appending(path: ".mentor")) == journal, "all or nothing: the journal is untouched")
    }

    @Test("an event voided later in the same file is imported with its void, and the void holds")
    func importCarriesVoids() throws {
        let (folder, program) = try programCopy()
        let events = [
            eventJSON("m1", kind: "meeting-held", #"{"number": 1, "held": true, "attendees": [], "covered": []}"#),
            eventJSON("oops", kind: "meeting-held", #"{"number": 10000, "held": true, "attendees": [], "covered": []}"#),
            eventJSON("fix", date: "2027-02-09", kind: "void", #"{"event": "oops", "reason": "typo in the meeting number"}"#),
        ]
        try Data("[\(events.joined(separator: ","))]".utf8).write(to: folder.appending(path: "fixed.json"))
        let output = try mentor(["import", program, "fixed.json"], in: folder)
        #expect(output.stdout == "imported 3 of 3 events (0 were already there)\n")
        #expect(try nextMeeting(program, in: folder) == 2)
        let again = try mentor(["import", program, "fixed.json"], in: folder)
        #expect(again.stdout == "imported 0 of 3 events (3 were already there)\n")
    }
}

struct JournalVoidTests {
    @Test("void corrects a mistake append-only: agendas and reports leave the event out, export shows the void, import carries it")
    func voidAndReimport() throws {
        let (folder, program) = try programCopy()
        try mentor(["log", program, "--group", "ruiz-lin", "--meeting", "1"], in: folder)
        try mentor(["log", program, "--group", "ruiz-lin", "--meeting", "2"], in: folder)
        #expect(try nextMeeting(program, in: folder) == 3)
        let events = try exported(program, in: folder)
        let wrong = try #require(events.last?["id"] as? String)
        let void = try mentor(["void", program, "--event", wrong, "--reason", "meeting 2 was postponed"], in: folder)
        #expect(void.stdout.contains("voided event \(wrong) (meeting-held of ruiz-lin on"), "\(void.stdout)")
        #expect(try nextMeeting(program, in: folder) == 2, "the voided meeting no longer counts")
        let report = try mentor(["report", program, "--group", "ruiz-lin", "--format", "json", "--today", "2027-04-01"], in: folder)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        #expect((json["groups"] as? [[String: Any]])?.first?["held"] as? Int == 1)

        let after = try exported(program, in: folder)
        #expect(after.count == 3)
        #expect(after.last?["kind"] as? String == "void")
        #expect((after.last?["details"] as? [String: Any])?["event"] as? String == wrong)
        try mentor(["export", program, "--include-private", "--output", "all.json"], in: folder)
        try mentor(["import", program, "all.json", "--store", "copy.sqlite"], in: folder)
        #expect(try nextMeeting(program, in: folder, ["--store", "copy.sqlite"]) == 2, "the void travels with the export")

        let twice = try Mentor.run(["void", program, "--event", wrong, "--reason", "again"], in: folder)
        #expect(twice.status != 0)
        #expect(twice.stderr.contains("is already voided (meeting 2 was postponed)"), "\(twice.stderr)")
        let unknown = try Mentor.run(["void", program, "--event", "no-such-id", "--reason", "x"], in: folder)
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("--event 'no-such-id' is not an event of program"), "\(unknown.stderr)")
    }

    @Test("a goal can be voided only after the events that change it")
    func voidOrder() throws {
        let (folder, program) = try programCopy()
        try mentor(["goal", "set", program, "--group", "ruiz-lin", "Lead a project", "--plan", "career"], in: folder)
        try mentor(["goal", "change", program, "--group", "ruiz-lin", "g1", "--to", "achieved"], in: folder)
        let events = try exported(program, in: folder)
        let (set, achieved) = (try #require(events.first?["id"] as? String), try #require(events.last?["id"] as? String))
        let refused = try Mentor.run(["void", program, "--event", set, "--reason", "wrong mentee"], in: folder)
        #expect(refused.status != 0)
        #expect(
            refused.stderr.contains("is needed by later events that are not voided: \(achieved); void those first"), "\(refused.stderr)")
        try mentor(["void", program, "--event", achieved, "--reason", "not yet"], in: folder)
        try mentor(["void", program, "--event", set, "--reason", "wrong mentee"], in: folder)
        let next = try mentor(["goal", "set", program, "--group", "ruiz-lin", "Lead a project", "--plan", "career"], in: folder)
        #expect(next.stdout == "set goal g2 for ruiz-lin\n", "a voided goal's id is not given again")
    }

    @Test("a bad event already in a journal is reported by every command, not fatal, and voiding it silences the report")
    func badStoredEvent() throws {
        let (folder, program) = try programCopy()
        try mentor(["log", program, "--group", "ruiz-lin", "--meeting", "1"], in: folder)
        // Put a meeting 10000 and an unreadable body straight into the journal, as an old import could have.
        let journal = folder.appending(path: ".mentor/progress.sqlite").path
        let bad = eventJSON("bad-1", kind: "meeting-held", #"{"number": 10000, "held": true, "attendees": [], "covered": []}"#)
        let script = """
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1])
            c.execute("INSERT INTO event (id, program, groupID, kind, date, body) VALUES ('bad-1', 'one-to-one', 'ruiz-lin', 'meeting-held', '2027-02-08', ?)", (sys.argv[2],))
            c.execute("INSERT INTO event (id, program, groupID, kind, date, body) VALUES ('bad-2', 'one-to-one', 'ruiz-lin', 'meeting-held', '2027-02-08', '{not json')")
            c.commit()
            """
        let python = try Mentor.runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, journal, bad], in: folder)
        try #require(python.status == 0, "\(python.stderr)")
        let agenda = try mentor(["agenda", program, "--group", "ruiz-lin", "--format", "json"], in: folder)
        #expect(agenda.stderr.contains("2 events in"), "\(agenda.stderr)")
        #expect(agenda.stderr.contains("event 'bad-1' (meeting-held of ruiz-lin, 2027-02-08): details.number: 10000 is not a meeting"))
        #expect(agenda.stderr.contains("event 'bad-2' of ruiz-lin can't be read"))
        #expect(try nextMeeting(program, in: folder) == 2, "the bad event doesn't break agendas")
        try mentor(["report", program, "--today", "2027-03-01"], in: folder)
        try mentor(["void", program, "--event", "bad-1", "--reason", "imported by mistake"], in: folder)
        try mentor(["void", program, "--event", "bad-2", "--reason", "damaged"], in: folder)
        let after = try mentor(["agenda", program, "--group", "ruiz-lin"], in: folder)
        #expect(after.stderr.isEmpty, "\(after.stderr)")
    }
}

struct JournalScopeTests {
    @Test("a command about one group reads that group's events only; whole-program commands read them all")
    func groupScope() throws {
        let (folder, program) = try programCopy()
        try mentor(["log", program, "--group", "ruiz-lin", "--meeting", "1"], in: folder)
        try mentor(["log", program, "--group", "brandt-aziz", "--meeting", "1"], in: folder)
        let journal = folder.appending(path: ".mentor/progress.sqlite").path
        let script = """
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1])
            c.execute("INSERT INTO event (id, program, groupID, kind, date, body) VALUES ('odd', 'one-to-one', 'brandt-aziz', 'exit', '2027-02-08', '{broken')")
            c.commit()
            """
        let python = try Mentor.runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, journal], in: folder)
        try #require(python.status == 0, "\(python.stderr)")
        for arguments in [
            ["agenda", program, "--group", "ruiz-lin"], ["progress", program, "--group", "ruiz-lin", "--today", "2027-02-01"],
            ["export", program, "--group", "ruiz-lin"], ["report", program, "--group", "ruiz-lin", "--today", "2027-02-01"],
        ] {
            let output = try mentor(arguments, in: folder)
            #expect(output.stderr.isEmpty, "\(arguments.joined(separator: " ")) read another group's events: \(output.stderr)")
        }
        #expect(try exported(program, in: folder, ["--group", "ruiz-lin"]).count == 1)
        let report = try mentor(["report", program, "--today", "2027-02-01"], in: folder)
        #expect(report.stderr.contains("event 'odd' of brandt-aziz can't be read"), "\(report.stderr)")
        // The whole program's export is streamed: the readable events are written, the broken row is named.
        let export = try mentor(["export", program], in: folder)
        #expect(
            export.stderr.contains("1 event in '.mentor/progress.sqlite' can't be read and is left out of the export"), "\(export.stderr)")
        #expect(export.stderr.contains("event 'odd' of brandt-aziz can't be read"))
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(export.stdout.utf8)) as? [[String: Any]])
        #expect(listed.compactMap { $0["group"] as? String }.sorted() == ["brandt-aziz", "ruiz-lin"])
    }
}
