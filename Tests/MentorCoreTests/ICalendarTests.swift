import Foundation
@testable import MentorCore
import Testing

struct ICalendarTests {
    static let text = ICalendar.calendar(agendas: [sampleAgenda(), sampleAgenda(time: ClockTime(hour: 23, minute: 45)!)])

    @Test("every line ends in CRLF and none is longer than 75 octets")
    func lines() {
        #expect(Self.text.hasSuffix("\r\n"))
        let lines = Self.text.components(separatedBy: "\r\n").dropLast()
        #expect(!lines.isEmpty)
        #expect(lines.allSatisfy { !$0.contains("\n") && !$0.contains("\r") })
        #expect(lines.allSatisfy { $0.utf8.count <= 75 })
        #expect(lines.first == "BEGIN:VCALENDAR" && lines.last == "END:VCALENDAR")
    }

    @Test("events have a stable UID, a DTSTAMP, and an end that crosses midnight")
    func events() {
        #expect(Self.text.contains("UID:pilot-ruiz-lin-2@mentorkit\r\n"))
        #expect(Self.text.contains("DTSTAMP:20270208T000000Z\r\n"))
        #expect(Self.text.contains("DTSTART:20270208T095000\r\nDTEND:20270208T102000\r\n"))
        #expect(Self.text.contains("DTSTART:20270208T234500\r\nDTEND:20270209T001500\r\n"))
        #expect(ICalendar.calendar(agendas: [sampleAgenda()]) == ICalendar.calendar(agendas: [sampleAgenda()]))
    }

    @Test("TEXT values escape backslash, semicolon, comma and newlines")
    func escaping() {
        #expect(ICalendar.escape("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne")
    }

    @Test("folding splits at 75 octets without breaking a multi-byte character")
    func folding() {
        let line = "DESCRIPTION:" + String(repeating: "é", count: 40) + String(repeating: "🙂", count: 10)
        let folded = ICalendar.fold(line)
        let parts = folded.components(separatedBy: "\r\n")
        #expect(parts.count > 1)
        #expect(parts.allSatisfy { $0.utf8.count <= 75 })
        #expect(parts.dropFirst().allSatisfy { $0.hasPrefix(" ") })
        let unfolded = parts.first! + parts.dropFirst().map { String($0.dropFirst()) }.joined()
        #expect(unfolded == line)
    }

    /// The real-parser check: Python's icalendar must read our file and get our text back.
    /// CI sets MENTORKIT_REQUIRE_PYTHON=1 so that a missing parser fails instead of skipping.
    @Test("python's icalendar parses the calendar and reads back summary and description")
    func realParser() throws {
        let python = URL(fileURLWithPath: "/usr/bin/env")
        let check = try? run(python, ["python3", "-c", "import icalendar"])
        guard check?.status == 0 else {
            #expect(ProcessInfo.processInfo.environment["MENTORKIT_REQUIRE_PYTHON"] != "1",
                    "python3 with icalendar is required here (pip install icalendar)")
            return
        }
        let agenda = sampleAgenda(title: "Naïve, long; title \\ with \"quotes\" and a lot more text to force folding here")
        let file = FileManager.default.temporaryDirectory.appending(path: "mentorkit-\(UUID().uuidString).ics")
        try Data(ICalendar.calendar(agendas: [agenda]).utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let script = """
            import json, sys
            from icalendar import Calendar
            cal = Calendar.from_ical(open(sys.argv[1], 'rb').read())
            events = [c for c in cal.walk() if c.name == 'VEVENT']
            print(json.dumps([{"summary": str(e['SUMMARY']), "description": str(e['DESCRIPTION']),
                               "uid": str(e['UID']), "start": e.decoded('DTSTART').isoformat()} for e in events]))
            """
        let result = try run(python, ["python3", "-c", script, file.path])
        try #require(result.status == 0, "\(result.stderr)")
        let events = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: String]])
        #expect(events.count == 1)
        #expect(events.first?["description"] == AgendaText.plain(agenda))
        #expect(events.first?["summary"] == "Pilot: Regular meeting 2/12")
        #expect(events.first?["uid"] == "pilot-ruiz-lin-2@mentorkit")
        #expect(events.first?["start"] == "2027-02-08T09:50:00")
    }

    func run(_ executable: URL, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let folder = FileManager.default.temporaryDirectory.appending(path: "mentorkit-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appending(path: "out"), err = folder.appending(path: "err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOf: out, encoding: .utf8), try String(contentsOf: err, encoding: .utf8))
    }
}
