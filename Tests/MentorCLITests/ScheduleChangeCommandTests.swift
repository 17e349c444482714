import Foundation
import TestSupport
import Testing

/// `mentor reschedule` and `mentor cancel`, and the calendars that follow them (issue 13 items 1 and 2).
struct ScheduleChangeCommandTests {
    /// The one-to-one example, which has a time zone and a place; brandt-aziz meets on its own day,
    /// time and link. Without `events`, its program events are cut off (they are tested on their own).
    static func program(events: Bool = true) throws -> (folder: URL, program: String) {
        var text = try String(contentsOf: Mentor.packageRoot.appending(path: "Plans/examples/one-to-one.yaml"), encoding: .utf8)
        if !events, let start = text.range(of: "\nevents:") {
            text = String(text[..<start.lowerBound]) + "\n"
        }
        #expect(text.contains("\nevents:") == events)
        return (try Mentor.folder(["pw.yaml": text]), "pw.yaml")
    }

    @Test("reschedule and cancel are recorded; schedule, agenda, --next, log and report follow them")
    func followed() throws {
        let (folder, program) = try Self.program()
        let moved = try mentor(
            [
                "reschedule", program, "--group", "ruiz-lin", "--meeting", "3", "--to", "2027-03-17",
                "--time", "15:00", "--reason", "audit week",
            ], in: folder)
        #expect(moved.stdout.contains("meeting 3 of ruiz-lin is now on Wednesday 2027-03-17 at 15:00, Room 2.14, City Hall"))
        try mentor(["cancel", program, "--group", "ruiz-lin", "--meeting", "4", "--reason", "office closed"], in: folder)

        let schedule = try mentor(["schedule", program, "--group", "ruiz-lin"], in: folder).stdout
        #expect(schedule.contains("| 3 | 2027-03-17 | Wednesday | Meeting — moved from 2027-03-08, at 15:00 |"))
        #expect(schedule.contains("| 4 | 2027-04-12 | Monday | Meeting — **cancelled** (office closed) |"))
        let json = try mentor(["schedule", program, "--group", "ruiz-lin", "--format", "json"], in: folder).stdout
        let meetings = try #require(
            (try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["meetings"] as? [[String: Any]])
        #expect((meetings[3]["change"] as? [String: Any])?["cancelled"] as? Bool == true)

        let next = try mentor(["agenda", program, "--group", "ruiz-lin", "--next", "--today", "2027-03-20"], in: folder).stdout
        #expect(next.contains("**Meeting 5 of 12**"), "the cancelled meeting 4 is skipped: \(next.prefix(200))")
        let cancelled = try mentor(["agenda", program, "--group", "ruiz-lin", "--meeting", "4"], in: folder).stdout
        #expect(cancelled.contains("Cancelled (office closed)") && !cancelled.contains("## Agenda"))

        try mentor(["log", program, "--group", "ruiz-lin", "--meeting", "3"], in: folder)
        let export = try mentor(["export", program], in: folder).stdout
        let events = try #require(try JSONSerialization.jsonObject(with: Data(export.utf8)) as? [[String: Any]])
        let held = try #require(events.first { $0["kind"] as? String == "meeting-held" })
        #expect(held["date"] as? String == "2027-03-17", "a moved meeting is logged on its new day by default")
        #expect(events.contains { $0["kind"] as? String == "meeting-rescheduled" })
        #expect(events.contains { $0["kind"] as? String == "meeting-cancelled" })

        let report = try mentor(["report", program, "--today", "2027-04-30", "--format", "json"], in: folder).stdout
        let groups = try #require(
            (try JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any])?["groups"] as? [[String: Any]])
        let ruiz = try #require(groups.first { $0["group"] as? String == "ruiz-lin" })
        #expect(ruiz["planned"] as? Int == 3, "meetings 1-3 were due by April 30; the cancelled 4th was not")
    }

    @Test(
        "changes that can't be made are refused with what to do, and nothing is recorded",
        arguments: [
            (["--meeting", "3"], "--to nothing to change"),
            (["--meeting", "99", "--to", "2027-03-17"], "--meeting 99 is not a meeting of group 'ruiz-lin'"),
            (["--meeting", "3", "--to", "2026-12-01"], "--to '2026-12-01' is before the program starts"),
            (["--meeting", "3", "--time", "25:00"], "--time must be a 24-hour time"),
            (["--meeting", "3", "--to", "17/03/2027"], "--to must be a date written YYYY-MM-DD"),
            (["--meeting", "3", "--location", "  "], "--location '  ' is not a place"),
        ])
    func refused(arguments: [String], message: String) throws {
        let (folder, program) = try Self.program()
        let output = try Mentor.run(["reschedule", program, "--group", "ruiz-lin"] + arguments, in: folder)
        #expect(output.status != 0)
        #expect(output.stderr.contains(message), "\(output.stderr)")
        #expect(
            !FileManager.default.fileExists(atPath: folder.appending(path: ".mentor/progress.sqlite").path),
            "a refused change leaves no journal behind")
    }

    @Test("a logged meeting can't be moved or cancelled; a cancelled one can't be cancelled twice, but can be held again")
    func stateRules() throws {
        let (folder, program) = try Self.program()
        try mentor(["log", program, "--group", "ruiz-lin", "--meeting", "1"], in: folder)
        let logged = try Mentor.run(["cancel", program, "--group", "ruiz-lin", "--meeting", "1"], in: folder)
        #expect(logged.status != 0 && logged.stderr.contains("meeting 1 is already logged as held"), "\(logged.stderr)")
        try mentor(["cancel", program, "--group", "ruiz-lin", "--meeting", "2"], in: folder)
        let twice = try Mentor.run(["cancel", program, "--group", "ruiz-lin", "--meeting", "2"], in: folder)
        #expect(twice.status != 0 && twice.stderr.contains("meeting 2 is already cancelled"))
        try mentor(["reschedule", program, "--group", "ruiz-lin", "--meeting", "2"], in: folder)
        let agenda = try mentor(["agenda", program, "--group", "ruiz-lin", "--meeting", "2"], in: folder).stdout
        #expect(agenda.contains("## Agenda") && !agenda.contains("Cancelled"))
    }

    // MARK: - Calendars, read by a real parser

    @Test("the calendar names its zone, place, organizer and attendees, and carries moves and cancellations (python icalendar)")
    func calendar() throws {
        guard Required.havePython(importing: "icalendar") else { return }
        let (folder, program) = try Self.program()
        try mentor(["reschedule", program, "--group", "ruiz-lin", "--meeting", "3", "--to", "2027-03-17", "--time", "15:00"], in: folder)
        try mentor(["cancel", program, "--group", "ruiz-lin", "--meeting", "4"], in: folder)
        let ics = try mentor(["schedule", program, "--format", "ics", "--output", "pw.ics"], in: folder)
        #expect(!ics.stderr.contains("floating"), "a program with a time zone is not warned about")
        let script = """
            import json, sys
            from icalendar import Calendar
            cal = Calendar.from_ical(open(sys.argv[1], 'rb').read())
            zones = [str(c['TZID']) for c in cal.walk() if c.name == 'VTIMEZONE']
            out = []
            for e in cal.walk():
                if e.name != 'VEVENT': continue
                alarms = [str(a['TRIGGER'].to_ical(), 'ascii') for a in e.walk() if a.name == 'VALARM']
                att = e.get('ATTENDEE', [])
                att = att if isinstance(att, list) else [att]
                out.append({"uid": str(e['UID']), "sequence": int(e['SEQUENCE']), "status": str(e['STATUS']),
                            "start": e.decoded('DTSTART').isoformat(), "tz": str(e.decoded('DTSTART').tzinfo),
                            "location": str(e.get('LOCATION', '')), "organizer": str(e['ORGANIZER']),
                            "attendees": [str(a) for a in att], "alarms": alarms})
            print(json.dumps({"zones": zones, "events": out}))
            """
        let parsed = try Mentor.runProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", "-c", script, folder.appending(path: "pw.ics").path])
        try #require(parsed.status == 0, "\(parsed.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(parsed.stdout.utf8)) as? [String: Any])
        #expect(document["zones"] as? [String] == ["America/Chicago"])
        let events = try #require(document["events"] as? [[String: Any]])
        #expect(events.count == 24 + 4, "12 meetings for each pair, and the program's four events")
        func event(_ uid: String) throws -> [String: Any] { try #require(events.first { $0["uid"] as? String == uid }, "\(uid)") }
        let first = try event("pw-ruiz-lin-1@mentorkit")
        #expect(first["start"] as? String == "2027-01-11T09:30:00-06:00", "winter: six hours behind UTC")
        #expect(first["location"] as? String == "Room 2.14, City Hall")
        #expect(first["organizer"] as? String == "mailto:pat.quinn@example.org", "the first coordinator organizes")
        #expect(first["attendees"] as? [String] == ["mailto:dana.ruiz@example.org", "mailto:sam.lin@example.org"])
        #expect(first["alarms"] as? [String] == ["-PT30M"])
        #expect(first["sequence"] as? Int == 0 && first["status"] as? String == "CONFIRMED")
        let moved = try event("pw-ruiz-lin-3@mentorkit")
        #expect(moved["start"] as? String == "2027-03-17T15:00:00-05:00", "after 14 March: daylight time")
        #expect(moved["sequence"] as? Int == 1)
        let cancelled = try event("pw-ruiz-lin-4@mentorkit")
        #expect(cancelled["status"] as? String == "CANCELLED" && cancelled["sequence"] as? Int == 1)
        #expect((cancelled["alarms"] as? [String])?.isEmpty == true, "no alarm for a meeting that won't happen")
        let own = try event("pw-brandt-aziz-2@mentorkit")
        #expect(own["start"] as? String == "2027-02-18T14:00:00-06:00", "the third Thursday of February, at the group's own time")
        #expect(own["location"] as? String == "https://meet.example.org/brandt-aziz")
    }

    @Test("without a time-zone, calendar times stay floating and the command says so on standard error")
    func floating() throws {
        let (folder, program) = try programCopy("circle")
        let output = try mentor(["schedule", program, "--format", "ics"], in: folder)
        #expect(output.stdout.contains("DTSTART:20270301T100000\r\n"))
        #expect(!output.stdout.contains("VTIMEZONE"))
        #expect(output.stderr.contains("no 'time-zone:', so calendar times are floating"))
    }

    @Test("a pair that ended has its later meetings cancelled in the calendar file, each with a higher SEQUENCE")
    func endedPairCalendar() throws {
        let (folder, program) = try Self.program(events: false)
        try mentor(["exit", program, "--group", "ruiz-lin", "--by", "e230", "--date", "2027-03-01"], in: folder)
        let ics = try mentor(["schedule", program, "--group", "ruiz-lin", "--format", "ics"], in: folder).stdout
        let events = ics.components(separatedBy: "BEGIN:VEVENT").dropFirst()
        #expect(events.count == 12)
        #expect(events.prefix(2).allSatisfy { $0.contains("STATUS:CONFIRMED") && $0.contains("SEQUENCE:0") })
        #expect(events.dropFirst(2).allSatisfy { $0.contains("STATUS:CANCELLED") && $0.contains("SEQUENCE:1") })
    }
}
