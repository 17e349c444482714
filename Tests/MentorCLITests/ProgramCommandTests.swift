import Foundation
import Testing

struct AgendaCommandTests {
    @Test("the README's main command prints a time-boxed agenda for the example program")
    func readmeCommand() throws {
        let output = try Mentor.run(["agenda", "Plans/examples/one-to-one.yaml", "--group", "ruiz-lin", "--meeting", "2"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.hasPrefix("# Public Works Mentoring 2027: ruiz-lin\n"))
        #expect(output.stdout.contains("**Meeting 2 of 12** · Monday 2027-02-08 · 09:30–10:30 (America/Chicago) · Regular meeting"))
        #expect(output.stdout.contains("Where: Room 2.14, City Hall"))
        #expect(output.stdout.hasSuffix("60 of 60 minutes.\n"))
        #expect(output.stderr.isEmpty, "the example should load without warnings: \(output.stderr)")
    }

    @Test("the same command gives byte-identical output every time", arguments: ["md", "html", "json", "ics"])
    func deterministic(_ format: String) throws {
        let arguments = ["agenda", "Plans/examples/circle.yaml", "--meeting", "4", "--format", format]
        let first = try Mentor.run(arguments)
        let second = try Mentor.run(arguments)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == second.stdout)
        #expect(!first.stdout.isEmpty)
    }

    @Test("--next picks the first meeting on or after --today")
    func next() throws {
        let output = try Mentor.run(["agenda", "Plans/examples/peer.yaml", "--next", "--today", "2027-02-01", "--format", "json"])
        #expect(output.status == 0, "\(output.stderr)")
        let agenda = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(agenda["meeting"] as? Int == 2)
        #expect(agenda["date"] as? String == "2027-02-08")
        #expect(agenda["facilitator"] as? String == "Jun Tanaka")
        let late = try Mentor.run(["agenda", "Plans/examples/peer.yaml", "--next", "--today", "2031-01-01"])
        #expect(late.status != 0)
        #expect(late.stderr.contains("every meeting is in the past"))
    }

    @Test("--next with --today skips meetings already logged on or after that day")
    func nextSkipsLogged() throws {
        let (folder, program) = try programCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        try mentor(["log", program, "--group", "ruiz-lin", "--meeting", "2", "--date", "2027-02-08"], in: folder)
        let output = try mentor(
            ["agenda", program, "--group", "ruiz-lin", "--next", "--today", "2027-02-01", "--format", "json"], in: folder)
        let agenda = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(agenda["meeting"] as? Int == 3, "meeting 2 (2027-02-08) is logged, so the next is meeting 3")
        let before = try mentor(
            ["agenda", program, "--group", "ruiz-lin", "--next", "--today", "2027-01-01", "--format", "json"], in: folder)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(before.stdout.utf8)) as? [String: Any])
        #expect(first["meeting"] as? Int == 1, "meeting 1 is not logged and falls after that day")
    }

    @Test(
        "mistakes on the command line get clear errors",
        arguments: [
            (["agenda", "Plans/examples/one-to-one.yaml", "--meeting", "1"], "choose one with --group: ruiz-lin, brandt-aziz"),
            (
                ["agenda", "Plans/examples/one-to-one.yaml", "--group", "ruiz-ln"],
                "no group 'ruiz-ln' in this program; did you mean 'ruiz-lin'?"
            ),
            (["agenda", "Plans/examples/circle.yaml", "--meeting", "13"], "there is no meeting 13; the schedule has meetings 1 to 12"),
            (["agenda", "Plans/examples/circle.yaml", "--meeting", "2", "--next"], "give either --meeting or --next, not both"),
            (["agenda", "Plans/examples/nope.yaml"], "no file or folder at 'Plans/examples/nope.yaml'"),
            (["programs", "describe", "circel"], "no program type 'circel'; did you mean 'circle'?"),
        ])
    func mistakes(_ arguments: [String], _ message: String) throws {
        let output = try Mentor.run(arguments)
        #expect(output.status != 0)
        #expect(output.stderr.contains(message), "\(output.stderr)")
    }

    @Test("a program file with errors prints each with file:line:column and exits non-zero")
    func invalidProgram() throws {
        let folder = try Mentor.folder([
            "program.yaml": """
            program: Broken
            type: circel
            starts: 2027-13-01
            people:
              - { id: a, name: A }
            groups:
              - { id: g, mentor: a, mentees: [b] }
            """
        ])
        let output = try Mentor.run(["agenda", "program.yaml"], in: folder)
        #expect(output.status != 0)
        #expect(
            output.stderr.contains(
                "program.yaml:2:7: error: 'type' must be one of 'one-to-one', 'reverse', 'circle', 'peer', found 'circel'; did you mean 'circle'?"
            ))
        #expect(output.stderr.contains("program.yaml:3:9: error: 'starts' must be a date written YYYY-MM-DD"))
        #expect(output.stderr.contains("program.yaml:7:35: error: group 'g' names 'b', who is not listed under 'people'"))
    }

    @Test("plans in a Plans/ folder beside the program file come first")
    func localPlans() throws {
        let folder = try Mentor.folder([
            "program.yaml": """
            program: Local
            type: one-to-one
            starts: 2027-01-11
            plans: [ours]
            people:
              - { id: a, name: Ann, grade: 12 }
              - { id: b, name: Bo, grade: 9 }
            groups:
              - { id: g, mentor: a, mentees: [b] }
            """,
            "Plans/ours.yaml": """
            plan: ours
            title: Our own plan
            topics:
              - { id: only-ours, title: Something only we discuss, minutes: 40, prompts: [Why?] }
            """,
        ])
        let output = try Mentor.run(["agenda", "program.yaml", "--meeting", "3"], in: folder)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("Something only we discuss"))
    }
}

struct ScheduleCommandTests {
    @Test("the schedule lists every meeting with the type's planned measures")
    func markdown() throws {
        let output = try Mentor.run(["schedule", "Plans/examples/circle.yaml"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("| 7 | 2027-09-06 | Monday | Check-in |"))
        #expect(output.stdout.contains("- Spotlight turns: Omar Haddad: 3 turns"))
        #expect(output.stdout.contains("Anyone may leave the group at any time; no fault attached."), "a circle is not a partnership")
        let peer = try Mentor.run(["schedule", "Plans/examples/peer.yaml"])
        #expect(peer.stdout.contains("Anyone may leave the group at any time; no fault attached."))
    }

    @Test("ics output has one event per meeting for every group")
    func ics() throws {
        let output = try Mentor.run(["schedule", "Plans/examples/one-to-one.yaml", "--format", "ics"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.components(separatedBy: "BEGIN:VEVENT").count - 1 == 24 + 4, "two pairs' meetings and four program events")
        // UIDs come from the program's key (the file name here), so renaming the program keeps them.
        #expect(output.stdout.contains("UID:one-to-one-brandt-aziz-12@mentorkit\r\n"))
    }

    @Test("--output writes the file and says so")
    func outputFile() throws {
        let folder = try Mentor.folder([:])
        let path = folder.appending(path: "schedule.json").path
        let output = try Mentor.run(["schedule", "Plans/examples/reverse.yaml", "--format", "json", "--output", path])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stderr.contains("wrote \(path)"))
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        #expect((document?["meetings"] as? [Any])?.count == 13)
    }
}

struct ProgramsCommandTests {
    @Test("programs lists the four types; describe shows a type's examples")
    func programs() throws {
        let list = try Mentor.run(["programs"])
        #expect(list.status == 0)
        for id in ["one-to-one", "reverse", "circle", "peer"] {
            #expect(list.stdout.contains("\n\(id) "), "missing \(id)")
        }
        let describe = try Mentor.run(["programs", "describe", "reverse"])
        #expect(describe.status == 0)
        #expect(describe.stdout.hasPrefix("# Reverse mentoring (reverse)"))
        #expect(describe.stdout.contains("type: reverse"))
        #expect(describe.stdout.contains("mentor says: program.yaml:8:5: error: in reverse mentoring the mentor is the junior"))
        #expect(
            describe.stdout.contains("\nMatching: pairs; the mentor is at least 2 grades junior (mentor match PROGRAM --roster FILE)\n"))
        let circle = try Mentor.run(["programs", "describe", "circle"])
        #expect(
            circle.stdout.contains(
                "\nMatching: circles of 2 to 8 mentees (4 when a mentor's capacity is empty); "
                    + "the mentor is at least 2 grades senior"), "\(circle.stdout)")
    }
}
