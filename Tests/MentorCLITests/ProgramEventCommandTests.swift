import Foundation
import TestSupport
import Testing

/// `mentor attend`, the report's overview of the program, and program events in calendar files
/// (issue 14 items 1, 2 and 4).
struct ProgramEventCommandTests {
    @Test("attendance is recorded for invitees only; the report shows it and who missed the kickoff before starting")
    func attendance() throws {
        let (folder, program) = try ScheduleChangeCommandTests.program()
        for (arguments, message) in [
            (["--event", "kickof", "--attendees", "e100"], "--event 'kickof' is not an event of this program (did you mean 'kickoff'?)"),
            (["--event", "kickoff", "--attendees", "e100,e999"], "--attendees 'e999' is not one of the program's people"),
            (
                ["--event", "mentor-training", "--attendees", "e230"],
                "'e230' (Sam Lin) was not invited to 'mentor-training', which is for mentors"
            ),
        ] {
            let output = try Mentor.run(["attend", program] + arguments, in: folder)
            #expect(output.status != 0 && output.stderr.contains(message), "\(output.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appending(path: ".mentor/progress.sqlite").path), "refusals record nothing")
        try mentor(["attend", program, "--event", "kickoff", "--attendees", "e100,e150,e260"], in: folder)
        let report = try mentor(["report", program, "--today", "2027-02-01"], in: folder).stdout
        #expect(report.contains("| kickoff: Program kickoff | 2027-01-05 | 3 of 4 came |"))
        #expect(report.contains("| training: Mentoring well | 2027-01-07 | 2 invited; attendance not recorded yet |"))
        #expect(report.contains("- Sam Lin (ruiz-lin) missed the kickoff 'Program kickoff' on 2027-01-05"))
        #expect(!report.contains("Leah Brandt (brandt-aziz) missed"))
        let json = try mentor(["report", program, "--today", "2027-02-01", "--format", "json"], in: folder).stdout
        let overview = try #require(
            (try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["overview"] as? [String: Any])
        let events = try #require(overview["events"] as? [[String: Any]])
        #expect(events.first?["attended"] as? Int == 3 && events.first?["invited"] as? Int == 4)
        #expect(overview["started"] as? Int == 2)
        let group = try mentor(["report", program, "--group", "ruiz-lin", "--today", "2027-02-01"], in: folder).stdout
        #expect(!group.contains("## The program"), "one group's report has no program overview")
    }

    @Test("engagement by month, a decline two months running, and the dropout rate; HTML draws the months")
    func engagement() throws {
        let (folder, program) = try ScheduleChangeCommandTests.program(events: false)
        try mentor(["log", program, "--group", "ruiz-lin", "--meeting", "1"], in: folder)
        try mentor(["log", program, "--group", "brandt-aziz", "--meeting", "1"], in: folder)
        try mentor(["log", program, "--group", "ruiz-lin", "--meeting", "2"], in: folder)
        // Meetings after a group ended are not due: brandt-aziz's three were (January to March 18).
        try mentor(["exit", program, "--group", "brandt-aziz", "--by", "e260", "--date", "2027-03-25"], in: folder)
        let report = try mentor(["report", program, "--today", "2027-03-30"], in: folder).stdout
        #expect(report.contains("| 2027-01 | 2 / 2 | ██████████ 100% |"))
        #expect(report.contains("| 2027-02 | 1 / 2 | █████ 50% |"))
        #expect(report.contains("| 2027-03 | 0 / 2 |  0% |"))
        #expect(report.contains("**Waning interest:** the share of meetings held fell two months running (100% → 50% → 0%)"))
        #expect(report.contains("1 of 2 partnerships started ended early (dropout 50%)"))
        let html = try mentor(["report", program, "--today", "2027-03-30", "--format", "html"], in: folder).stdout
        #expect(html.contains("<figure class=\"chart\" id=\"chart-meetings\">") && html.contains("<title>2027-02: Held 1</title>"))
        #expect(html.contains("<tr><th scope=\"row\">2027-02</th><td>2</td><td>1</td></tr>"), "the chart's numbers as a table")
        for chart in ["at-risk", "ratings", "attendance", "goals"] { #expect(html.contains("id=\"chart-\(chart)\""), "\(chart)") }
        let csv = try mentor(["report", program, "--today", "2027-03-30", "--format", "csv"], in: folder).stdout
        let rows = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(rows.count == 3 && rows[0].hasPrefix("group,members,status,risks,planned,held,"))
        #expect(rows[2].hasPrefix("brandt-aziz,Leah Brandt,ended early,,3,1,0,2027-01-21,"), "\(rows)")
        let steady = try mentor(["report", program, "--today", "2027-02-10"], in: folder).stdout
        #expect(!steady.contains("Waning interest"), "two months are not yet a trend")
    }

    @Test("program events in the calendar: their own UID, the zone, and only the invitees (python icalendar)")
    func calendar() throws {
        guard Required.havePython(importing: "icalendar") else { return }
        let (folder, program) = try ScheduleChangeCommandTests.program()
        try mentor(["schedule", program, "--group", "ruiz-lin", "--format", "ics", "--output", "r.ics"], in: folder)
        let script = """
            import json, sys
            from icalendar import Calendar
            cal = Calendar.from_ical(open(sys.argv[1], 'rb').read())
            out = {}
            for e in cal.walk('VEVENT'):
                att = e.get('ATTENDEE', [])
                att = att if isinstance(att, list) else [att]
                out[str(e['UID'])] = {"start": e.decoded('DTSTART').isoformat(), "end": e.decoded('DTEND').isoformat(),
                                      "attendees": [str(a) for a in att], "location": str(e.get('LOCATION', '')),
                                      "summary": str(e['SUMMARY'])}
            print(json.dumps(out))
            """
        let parsed = try Mentor.runProcess(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, folder.appending(path: "r.ics").path])
        try #require(parsed.status == 0, "\(parsed.stderr)")
        let events = try #require(try JSONSerialization.jsonObject(with: Data(parsed.stdout.utf8)) as? [String: [String: Any]])
        #expect(events.count == 12 + 4)
        let training = try #require(events["pw-event-mentor-training@mentorkit"])
        #expect(training["start"] as? String == "2027-01-07T13:00:00-06:00" && training["end"] as? String == "2027-01-07T15:00:00-06:00")
        #expect(training["attendees"] as? [String] == ["mailto:dana.ruiz@example.org", "mailto:leah.brandt@example.org"])
        #expect(training["summary"] as? String == "Public Works Mentoring 2027 · Training: Mentoring well")
        let gathering = try #require(events["pw-event-midyear-gathering@mentorkit"])
        #expect(gathering["start"] as? String == "2027-06-09T16:00:00-05:00", "summer time in June")
        #expect((gathering["attendees"] as? [String])?.contains("mailto:pat.quinn@example.org") == true)
    }
}
