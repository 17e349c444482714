import Foundation
import TestSupport
import Testing

@testable import MentorCore

struct ICalendarTests {
    static let late = sampleAgenda(time: ClockTime(hour: 23, minute: 45)!)
    static let text = ICalendar.calendar(agendas: [sampleAgenda(), late])

    // MARK: - Format

    @Test("every line, the last too, ends in CRLF, and none is longer than 75 octets")
    func lineEndings() {
        for text in [Self.text, ICalendar.calendar(schedule: sampleSchedule, program: sampleProgram(), group: sampleProgram().groups[0])] {
            #expect(text.hasSuffix("END:VCALENDAR\r\n"))
            let bytes = Array(text.utf8)
            for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
                #expect(index > 0 && bytes[index - 1] == UInt8(ascii: "\r"), "bare LF at octet \(index)")
            }
            let lines = text.components(separatedBy: "\r\n").dropLast()
            #expect(lines.allSatisfy { !$0.contains("\n") && !$0.contains("\r") })
            #expect(lines.allSatisfy { $0.utf8.count <= 75 })
            #expect(
                Array(lines.prefix(5)) == [
                    "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//MentorKit//mentor//EN",
                    "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
                ])
            #expect(lines.last == "END:VCALENDAR")
        }
    }

    @Test("events have a stable UID, a deterministic DTSTAMP, floating times and an end that crosses midnight")
    func events() {
        #expect(Self.text.components(separatedBy: "BEGIN:VEVENT\r\n").count - 1 == 2)
        #expect(Self.text.contains("UID:pilot-ruiz-lin-2@mentorkit\r\n"))
        #expect(Self.text.contains("DTSTAMP:20270208T000000Z\r\n"))
        #expect(Self.text.contains("DTSTART:20270208T095000\r\nDTEND:20270208T102000\r\n"))
        #expect(Self.text.contains("DTSTART:20270208T234500\r\nDTEND:20270209T001500\r\n"))
        #expect(Self.text.contains("SUMMARY:Pilot · ruiz-lin: Meeting 2/12\r\n"))
        #expect(ICalendar.calendar(agendas: [sampleAgenda(), Self.late]) == Self.text)
    }

    @Test("a schedule calendar stamps every event with the program's start and ends each meeting on time")
    func schedule() {
        let program = sampleProgram(time: ClockTime(hour: 22, minute: 30)!, minutes: 120)
        let text = ICalendar.calendar(schedule: sampleSchedule, program: program, group: program.groups[0])
        #expect(text == ICalendar.calendar(schedule: sampleSchedule, program: program, group: program.groups[0]))
        #expect(text.components(separatedBy: "DTSTAMP:20270111T000000Z\r\n").count - 1 == 3)
        // The UID is made from the program's key (here the default, from its file name), not its name.
        #expect(
            text.contains(
                "UID:\(program.id)-ruiz-lin-1@mentorkit\r\nDTSTAMP:20270111T000000Z\r\n"
                    + "DTSTART:20270111T223000\r\nDTEND:20270112T003000\r\nSEQUENCE:0\r\nSUMMARY:Pilot · ruiz-lin: Orientation 1/3\r\n"))
        #expect(text.contains("SUMMARY:Pilot · ruiz-lin: Check-in 2/3\r\n"))
        #expect(text.contains("DTSTART:20270308T223000\r\nDTEND:20270309T003000\r\n"))
    }

    @Test("DTEND rolls over days, months and years")
    func dateTimes() {
        let date = CalendarDate("2027-12-31")!
        #expect(ICalendar.dateTime(date, ClockTime(hour: 10, minute: 0)!, plus: 0) == "20271231T100000")
        #expect(ICalendar.dateTime(date, ClockTime(hour: 23, minute: 59)!, plus: 1) == "20280101T000000")
        #expect(ICalendar.dateTime(date, ClockTime(hour: 9, minute: 5)!, plus: 480) == "20271231T170500")
        #expect(ICalendar.dateTime(date, ClockTime(hour: 0, minute: 0)!, plus: 1440) == "20280101T000000")
    }

    // MARK: - Escaping and folding

    @Test("TEXT values escape backslash, semicolon, comma and newlines, and drop other control characters")
    func escaping() {
        #expect(ICalendar.escape("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne")
        #expect(ICalendar.escape("one\r\ntwo\rthree\n\nfour") == "one\\ntwo\\nthree\\n\\nfour")
        #expect(ICalendar.escape("tab\there\u{7}bell\u{0}nul: \"quoted\"") == "tab\therebellnul: \"quoted\"")
        let text = ICalendar.calendar(agendas: [sampleAgenda(title: "Pay; rise, \\now")])
        #expect(text.contains("Pay\\; rise\\, \\\\now"))
    }

    @Test("folding splits at 75 octets without breaking a multi-byte character")
    func folding() throws {
        let line = "DESCRIPTION:" + String(repeating: "é", count: 40) + String(repeating: "🙂", count: 10) + "x"
        let folded = ICalendar.fold(line)
        let parts = folded.components(separatedBy: "\r\n")
        #expect(parts.count > 1)
        #expect(parts.allSatisfy { $0.utf8.count <= 75 })
        #expect(parts.first?.utf8.count == 74) // "DESCRIPTION:" is 12 octets, then 31 two-octet é; one more would be 76
        #expect(parts.dropFirst().allSatisfy { $0.hasPrefix(" ") && !$0.hasPrefix("  ") })
        let unfolded = parts.first! + parts.dropFirst().map { String($0.dropFirst()) }.joined()
        #expect(unfolded == line)
        #expect(ICalendar.fold("SUMMARY:short") == "SUMMARY:short")
        #expect(ICalendar.fold(String(repeating: "a", count: 75)) == String(repeating: "a", count: 75))
    }

    @Test("every physical line of a folded calendar is valid UTF-8 on its own")
    func noSplitCharacters() {
        let agenda = sampleAgenda(title: String(repeating: "Café 🙂 naïve ", count: 12))
        let text = ICalendar.calendar(agendas: [agenda])
        for line in Array(text.utf8).split(separator: UInt8(ascii: "\n")) {
            #expect(String(validating: line, as: UTF8.self) != nil)
            #expect(line.count <= 76) // 75 octets plus the CR
        }
    }

    // MARK: - A real parser

    /// `/usr/bin/env`, which runs `python3`.
    static let env = URL(fileURLWithPath: "/usr/bin/env")

    /// The real-parser check: Python's icalendar must read our file and get our text back.
    /// CI sets MENTORKIT_REQUIRE_PYTHON=1 so that a missing parser fails instead of skipping.
    @Test("python's icalendar parses the calendar and reads back summary and description")
    func realParser() throws {
        guard Required.havePython(importing: "icalendar") else { return }
        let python = Self.env
        let first = sampleAgenda(
            title: "Naïve, long; title \\ with \"quotes\", 🙂 emoji and a lot more text to force folding",
            guidance: "Line one;\nline two, with a comma\r\nand \\ a backslash.")
        var agendas = [first, Self.late]
        agendas[1].meeting = 3
        let events = try Self.parse(ICalendar.calendar(agendas: agendas), with: python)
        #expect(events.count == 2)
        for (event, agenda) in zip(events, agendas) {
            // Line breaks come back as LF whatever they were (the guidance has a CRLF); all else is exact.
            #expect(event["description"] == AgendaText.plain(agenda).replacingOccurrences(of: "\r\n", with: "\n"))
            #expect(
                event["summary"]
                    == ICalendar.summary(
                        agenda.program, agenda.group, agenda.phase, agenda.meeting,
                        of: agenda.meetings))
            #expect(event["uid"] == "pilot-ruiz-lin-\(agenda.meeting)@mentorkit")
            #expect(event["stamp"] == "2027-02-08T00:00:00+00:00")
        }
        #expect(events.first?["start"] == "2027-02-08T09:50:00")
        #expect(events.last?["end"] == "2027-02-09T00:15:00")
    }

    @Test("python's icalendar reads the schedule calendar: one event per meeting")
    func realParserSchedule() throws {
        guard Required.havePython(importing: "icalendar") else { return }
        let python = Self.env
        let program = sampleProgram(name: "Mentoring, Ünïcode; edition \\ 2027")
        let events = try Self.parse(
            ICalendar.calendar(schedule: sampleSchedule, program: program, group: program.groups[0]),
            with: python)
        #expect(
            events.map { $0["summary"] } == [
                "Mentoring, Ünïcode; edition \\ 2027 · ruiz-lin: Orientation 1/3",
                "Mentoring, Ünïcode; edition \\ 2027 · ruiz-lin: Check-in 2/3",
                "Mentoring, Ünïcode; edition \\ 2027 · ruiz-lin: Closing 3/3",
            ])
        #expect(
            events.first?["description"] == "Mentoring, Ünïcode; edition \\ 2027: ruiz-lin, meeting 1 of 3 "
                + "(Orientation (first meeting))\nMembers: Dana Ruiz (mentor), Sam Lin (mentee)")
        #expect(events.map { $0["start"] } == ["2027-01-11T10:00:00", "2027-02-08T10:00:00", "2027-03-08T10:00:00"])
        #expect(events.allSatisfy { $0["stamp"] == "2027-01-11T00:00:00+00:00" })
    }

    // MARK: - Helpers

    /// Writes `calendar` to a temporary .ics file and has python's icalendar print each VEVENT as JSON.
    static func parse(_ calendar: String, with python: URL) throws -> [[String: String]] {
        let file = FileManager.default.temporaryDirectory.appending(path: "mentorkit-\(UUID().uuidString).ics")
        try Data(calendar.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let script = """
            import json, sys
            from icalendar import Calendar
            cal = Calendar.from_ical(open(sys.argv[1], 'rb').read())
            events = [c for c in cal.walk() if c.name == 'VEVENT']
            print(json.dumps([{"summary": str(e['SUMMARY']), "description": str(e.get('DESCRIPTION', '')),
                               "uid": str(e['UID']), "stamp": e.decoded('DTSTAMP').isoformat(),
                               "start": e.decoded('DTSTART').isoformat(), "end": e.decoded('DTEND').isoformat()}
                              for e in events]))
            """
        let result = try run(python, ["python3", "-c", script, file.path])
        try #require(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: String]])
    }

    /// Runs a process to completion; output goes through files so a full pipe can't block it.
    static func run(_ executable: URL, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let folder = FileManager.default.temporaryDirectory.appending(path: "mentorkit-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appending(path: "out")
        let err = folder.appending(path: "err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOf: out, encoding: .utf8), try String(contentsOf: err, encoding: .utf8))
    }
}
