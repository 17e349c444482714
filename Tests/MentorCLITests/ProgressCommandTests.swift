import Foundation
import Testing

/// A scratch folder holding a copy of an example program, so each test has its own journal.
func programCopy(_ example: String = "one-to-one") throws -> (folder: URL, program: String) {
    let text = try String(contentsOf: Mentor.packageRoot.appending(path: "Plans/examples/\(example).yaml"), encoding: .utf8)
    return (try Mentor.folder(["\(example).yaml": text]), "\(example).yaml")
}

@discardableResult
func mentor(_ arguments: [String], in folder: URL) throws -> Mentor.Output {
    let output = try Mentor.run(arguments, in: folder)
    #expect(output.status == 0, "mentor \(arguments.joined(separator: " ")): \(output.stderr)")
    return output
}

struct ProgressCommandTests {
    @Test("logged meetings, goals and actions shape the next agenda")
    func agendasUseProgress() throws {
        let (folder, program) = try programCopy()
        let before = try mentor(["agenda", program, "--group", "ruiz-lin", "--meeting", "2", "--format", "json"], in: folder)
        try mentor(["log", program, "--group", "ruiz-lin", "--meeting", "1"], in: folder)
        try mentor(
            ["action", "add", program, "--group", "ruiz-lin", "Draft a development plan", "--owner", "e230", "--due", "2027-03-01"],
            in: folder)
        try mentor(
            ["goal", "set", program, "--group", "ruiz-lin", "Understand the budget cycle", "--plan", "current-workplace"], in: folder)
        let next = try mentor(["agenda", program, "--group", "ruiz-lin", "--format", "json"], in: folder)
        let agenda = try #require(try JSONSerialization.jsonObject(with: Data(next.stdout.utf8)) as? [String: Any])
        #expect(agenda["meeting"] as? Int == 2, "the next agenda is the first meeting not yet logged")
        let items = try #require(agenda["items"] as? [[String: Any]])
        let actions = try #require(items.first { $0["kind"] as? String == "actions" })
        #expect(actions["prompts"] as? [String] == ["Draft a development plan (Sam Lin) due 2027-03-01"])
        let plans = items.compactMap { $0["plan"] as? String }.filter { $0 != "orientation" }
        #expect(plans.first == "current-workplace", "an open goal brings its plan part forward: \(plans)")
        #expect(next.stdout != before.stdout)

        try mentor(["action", "done", program, "--group", "ruiz-lin", "a1"], in: folder)
        let after = try mentor(["agenda", program, "--group", "ruiz-lin", "--meeting", "2"], in: folder)
        #expect(!after.stdout.contains("Open action items"))
    }

    @Test("private notes, exit reasons and confidential topics stay out of reports and exports unless --include-private")
    func privacy() throws {
        let (folder, program) = try programCopy()
        try mentor(
            [
                "log", program, "--group", "ruiz-lin", "--meeting", "1", "--notes", "SECRET-NOTE about the manager",
                "--covered", "current-workplace/manager", "career/direction",
            ], in: folder)
        try mentor(["exit", program, "--group", "ruiz-lin", "--by", "e230", "--reason", "SECRET-REASON for leaving"], in: folder)
        let secrets = ["SECRET-NOTE", "SECRET-REASON", "current-workplace/manager"]
        for arguments in [
            ["report", program], ["report", program, "--format", "json"], ["report", program, "--format", "html"],
            ["progress", program, "--group", "ruiz-lin"], ["export", program],
        ] {
            let output = try mentor(arguments + ["--today", "2027-02-01"].filter { _ in arguments[0] != "export" }, in: folder)
            for secret in secrets {
                #expect(!output.stdout.contains(secret), "\(arguments.joined(separator: " ")) leaked \(secret)")
            }
        }
        let export = try mentor(["export", program], in: folder)
        #expect(export.stdout.contains("career/direction"), "non-confidential topics are exported")
        let full = try mentor(["export", program, "--include-private"], in: folder)
        for secret in secrets { #expect(full.stdout.contains(secret)) }
        let report = try mentor(["report", program, "--include-private", "--today", "2027-02-01"], in: folder)
        #expect(report.stdout.contains("SECRET-NOTE") && report.stdout.contains("SECRET-REASON"))
        #expect(report.stdout.contains("Ended early when Sam Lin left, no fault attached"))
    }

    @Test("export then import into another journal gives the same events; importing twice adds nothing")
    func exportImport() throws {
        let (folder, program) = try programCopy("circle")
        try mentor(["log", program, "--meeting", "1"], in: folder)
        try mentor(["log", program, "--meeting", "2", "--attendees", "m1,a1,a3"], in: folder)
        try mentor(["checkin", program, "--by", "a2", "--rating", "4", "--answer", "Useful", "--feedback", "Good pairing"], in: folder)
        let exported = try mentor(["export", program, "--include-private", "--output", "events.json"], in: folder)
        #expect(exported.stderr.contains("wrote events.json"))
        let first = try mentor(["import", program, "events.json", "--store", "other.sqlite"], in: folder)
        #expect(first.stdout == "imported 4 of 4 events (0 were already there)\n")
        let second = try mentor(["import", program, "events.json", "--store", "other.sqlite"], in: folder)
        #expect(second.stdout == "imported 0 of 4 events (4 were already there)\n")
        let again = try mentor(["export", program, "--include-private", "--store", "other.sqlite"], in: folder)
        #expect(again.stdout == (try String(contentsOf: folder.appending(path: "events.json"), encoding: .utf8)))
        let progress = try mentor(["progress", program, "--store", "other.sqlite", "--today", "2027-05-01"], in: folder)
        #expect(progress.stdout.contains("Attendance: Ivan Petrov: 2 of 2 meetings"))
        #expect(progress.stdout.contains("Attendance: Beth Ngata: 1 of 2 meetings"))
        #expect(progress.stdout.contains("Spotlight turns: Omar Haddad: 1 turn"))
    }

    @Test(
        "mistakes get clear errors and change nothing",
        arguments: [
            (
                ["log", "PROGRAM", "--group", "ruiz-lin", "--meeting", "40"],
                "--meeting 40 is not a meeting of group 'ruiz-lin': its schedule has meetings 1 to 12"
            ),
            (
                ["log", "PROGRAM", "--group", "ruiz-lin", "--meeting", "1", "--attendees", "e230,e999"],
                "--attendees 'e999' is not in group 'ruiz-lin'"
            ),
            (
                ["log", "PROGRAM", "--group", "ruiz-lin", "--meeting", "1", "--covered", "career/direcshun"],
                "did you mean 'career/direction'?"
            ),
            (
                ["goal", "change", "PROGRAM", "--group", "ruiz-lin", "g7", "--to", "dropped"],
                "goal 'g7' is not a goal of group 'ruiz-lin'; its goals: none yet"
            ),
            (
                ["checkin", "PROGRAM", "--group", "ruiz-lin", "--by", "e230", "--rating", "9"],
                "--rating 9 is not a rating: ratings go from 1 (not at all) to 5 (very well)"
            ),
            (["import", "PROGRAM", "one-to-one.yaml"], "is not a MentorKit export"),
            (
                ["log", "PROGRAM", "--group", "ruiz-lin", "--meeting", "1", "--date", "9999-01-01"],
                "--date '9999-01-01' is outside the program"
            ),
            (
                ["log", "PROGRAM", "--group", "ruiz-lin", "--meeting", "1", "--date", "2026-12-01"],
                "--date '2026-12-01' is before the program starts (2027-01-11)"
            ),
            (
                ["goal", "set", "PROGRAM", "--group", "ruiz-lin", "Lead", "--plan", "nope"],
                "--plan 'nope' is not one of this program's plans"
            ),
            (
                ["action", "done", "PROGRAM", "--group", "ruiz-lin", "a3"],
                "action 'a3' is not an open action of group 'ruiz-lin'; open: none"
            ),
            (["exit", "PROGRAM", "--group", "ruiz-lin", "--by", "e999"], "--by 'e999' is not in group 'ruiz-lin'"),
        ])
    func mistakes(_ arguments: [String], _ message: String) throws {
        let (folder, program) = try programCopy()
        let output = try Mentor.run(arguments.map { $0 == "PROGRAM" ? program : $0 }, in: folder)
        #expect(output.status != 0)
        #expect(output.stderr.contains(message), "\(output.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appending(path: ".mentor").path), "a refused command creates no journal")
        let events = try mentor(["export", program], in: folder)
        #expect(events.stdout == "[\n\n]\n" || events.stdout == "[]\n", "nothing may be recorded: \(events.stdout)")
    }

    @Test("a goal changed to achieved or dropped counts as such and no longer pulls its plan forward")
    func goalChanges() throws {
        let (folder, program) = try programCopy()
        try mentor(
            ["goal", "set", program, "--group", "ruiz-lin", "Understand the budget cycle", "--plan", "current-workplace"], in: folder)
        try mentor(["goal", "set", program, "--group", "ruiz-lin", "Apply for a lateral move", "--plan", "career"], in: folder)
        let achieved = try mentor(["goal", "change", program, "--group", "ruiz-lin", "g1", "--to", "achieved"], in: folder)
        #expect(achieved.stdout == "goal g1 of ruiz-lin: achieved\n")
        try mentor(["goal", "change", program, "--group", "ruiz-lin", "g2", "--to", "dropped"], in: folder)
        let report = try mentor(["report", program, "--group", "ruiz-lin", "--format", "json", "--today", "2027-01-20"], in: folder)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        let group = try #require((json["groups"] as? [[String: Any]])?.first)
        #expect(group["goalsAchieved"] as? Int == 1)
        #expect(group["goalsDropped"] as? Int == 1)
        #expect(group["goalsOpen"] as? Int == 0)
        let plain = try mentor(["agenda", program, "--group", "ruiz-lin", "--meeting", "2"], in: folder)
        let (elsewhere, _) = try programCopy() // the same program with nothing recorded
        let fresh = try mentor(["agenda", program, "--group", "ruiz-lin", "--meeting", "2"], in: elsewhere)
        #expect(plain.stdout == fresh.stdout, "closed goals must not reorder the agenda")
    }

    @Test("8 people setting goals at the same moment get 8 different goal ids")
    func concurrentGoals() throws {
        let (folder, program) = try programCopy()
        try mentor(["progress", program, "--group", "ruiz-lin", "--today", "2027-01-20"], in: folder) // nothing yet
        let binary = try #require(Mentor.binary)
        let processes = try (1...8).map { index -> Process in
            let process = Process()
            process.executableURL = binary
            process.arguments = Mentor.dated(["goal", "set", program, "--group", "ruiz-lin", "Goal \(index)", "--plan", "career"])
            process.currentDirectoryURL = folder
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            return process
        }
        processes.forEach { $0.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
        let export = try mentor(["export", program], in: folder)
        let events = try #require(try JSONSerialization.jsonObject(with: Data(export.stdout.utf8)) as? [[String: Any]])
        let ids = events.compactMap { ($0["details"] as? [String: Any])?["goal"] as? String }
        #expect(ids.sorted() == (1...8).map { "g\($0)" }.sorted(), "\(ids)")
    }

    @Test("a journal that is not a MentorKit journal is reported, not overwritten")
    func foreignJournal() throws {
        let (folder, program) = try programCopy()
        try FileManager.default.createDirectory(at: folder.appending(path: ".mentor"), withIntermediateDirectories: true)
        let journal = folder.appending(path: ".mentor/progress.sqlite")
        try Data("not a database".utf8).write(to: journal)
        let output = try Mentor.run(["log", program, "--group", "ruiz-lin", "--meeting", "1"], in: folder)
        #expect(output.status != 0)
        #expect(output.stderr.contains("is not a progress journal"))
        #expect(try String(contentsOf: journal, encoding: .utf8) == "not a database")
    }
}

struct ProgressContentTests {
    @Test("progress lists goals and actions with their text; report shows check-in ratings; answers only with --include-private")
    func whatPeopleRead() throws {
        let (folder, program) = try programCopy()
        try mentor(
            ["goal", "set", program, "--group", "ruiz-lin", "Lead a resurfacing project", "--plan", "career", "--date", "2027-02-01"],
            in: folder)
        try mentor(
            [
                "action", "add", program, "--group", "ruiz-lin", "Draft a development plan", "--owner", "e230", "--due", "2027-03-01",
                "--date", "2027-02-01",
            ], in: folder)
        try mentor(
            [
                "checkin", program, "--group", "ruiz-lin", "--by", "e230", "--rating", "4", "--answer", "Monthly suits me",
                "--date", "2027-02-01",
            ], in: folder)
        try mentor(["checkin", program, "--group", "ruiz-lin", "--by", "e100", "--rating", "2", "--date", "2027-02-01"], in: folder)
        let progress = try mentor(["progress", program, "--group", "ruiz-lin", "--today", "2027-03-10"], in: folder).stdout
        #expect(progress.contains("- g1 Lead a resurfacing project (career): open"), "\(progress)")
        #expect(progress.contains("- a1 Draft a development plan (Sam Lin, due 2027-03-01): overdue"))
        #expect(progress.contains("Check-in ratings: 4, 2 (average 3.0 of 2 check-ins)."))
        #expect(!progress.contains("Monthly suits me"), "answers stay private")
        let report = try mentor(["report", program, "--today", "2027-03-10"], in: folder).stdout
        #expect(report.contains("check-in rating 3.0 of 2 check-ins (1: 0, 2: 1, 3: 0, 4: 1, 5: 0)"), "\(report)")
        #expect(report.contains("| 3.0 of 2 check-ins |"))
        #expect(!report.contains("Draft a development plan"), "the whole-program report lists no item texts")
        let json = try mentor(["report", program, "--today", "2027-03-10", "--format", "json"], in: folder).stdout
        let groups = try #require(
            (try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["groups"] as? [[String: Any]])
        #expect(groups.first?["ratings"] as? [Int] == [4, 2])
        let withPrivate = try mentor(
            ["progress", program, "--group", "ruiz-lin", "--today", "2027-03-10", "--include-private"], in: folder
        )
        .stdout
        #expect(withPrivate.contains("Sam Lin: Monthly suits me"))
    }
}

struct HistoryStaysPutTests {
    @Test("a logged meeting's agenda is the one it had, with what was recorded; the next one plans from the record")
    func loggedAgenda() throws {
        let (folder, program) = try programCopy()
        try mentor(["log", program, "--group", "ruiz-lin", "--meeting", "1"], in: folder)
        let before = try mentor(["agenda", program, "--group", "ruiz-lin", "--meeting", "2", "--format", "json"], in: folder).stdout
        try mentor(
            [
                "log", program, "--group", "ruiz-lin", "--meeting", "2", "--attendees", "e230",
                "--covered", "career/direction",
            ], in: folder)
        let after = try mentor(["agenda", program, "--group", "ruiz-lin", "--meeting", "2", "--format", "json"], in: folder).stdout
        let (old, new) = try (agendaJSON(before), agendaJSON(after))
        #expect(
            (old["items"] as? [[String: Any]])?.map { $0["title"] as? String }
                == (new["items"] as? [[String: Any]])?.map { $0["title"] as? String },
            "the items are those planned before the meeting")
        let record = try #require(new["record"] as? [String: Any], "\(after)")
        #expect(record["present"] as? [String] == ["Sam Lin"])
        #expect(record["held"] as? Bool == true)
        let markdown = try mentor(["agenda", program, "--group", "ruiz-lin", "--meeting", "2"], in: folder).stdout
        #expect(markdown.contains("> Held on 2027-02-08. Present: Sam Lin. Covered: "), "\(markdown)")
        #expect(old["record"] == nil, "an agenda not logged yet has no record")
        #expect(try nextMeeting(program, in: folder) == 3)
    }

    private func agendaJSON(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }
}

struct LogWarningTests {
    @Test("logging a meeting twice, ahead of today, or for an ended group is recorded with a warning")
    func warnings() throws {
        let (folder, program) = try programCopy()
        try mentor(["log", program, "--group", "ruiz-lin", "--meeting", "1"], in: folder)
        let again = try mentor(["log", program, "--group", "ruiz-lin", "--meeting", "1", "--attendees", "e230"], in: folder)
        #expect(
            again.stderr.contains("warning: meeting 1 of ruiz-lin was already logged (held for 2027-01-11); this record replaces it"),
            "\(again.stderr)")
        #expect(again.stderr.contains("mentor void \(program) --event "))
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        let ahead = "2027-01-11" > formatter.string(from: Date())
        #expect(again.stderr.contains("which is after today") == ahead, "the warning follows the system date")
        try mentor(["exit", program, "--group", "ruiz-lin", "--by", "e230"], in: folder)
        let ended = try mentor(["log", program, "--group", "ruiz-lin", "--meeting", "2", "--missed"], in: folder)
        #expect(ended.stderr.contains("warning: Sam Lin ended ruiz-lin earlier; the meeting is recorded all the same"), "\(ended.stderr)")
    }
}
