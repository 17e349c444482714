/// Writes RFC 5545 calendars: CRLF line endings, lines folded at 75 octets, TEXT escaped.
///
/// Hand-written: no Swift iCalendar library is among the packages this project can use, and the
/// subset needed (one VCALENDAR of VEVENTs) is small. Output is byte-for-byte deterministic:
/// - UIDs come from the program name's slug, the group id and the meeting number: `pilot-ruiz-lin-2@mentorkit`.
/// - DTSTAMP is not the wall clock but the program's start date at 00:00 UTC, one stamp for the
///   whole calendar. Agendas do not carry the program's start, so `calendar(agendas:)` uses the
///   earliest agenda's date, which for a whole schedule is the orientation, held on the start date.
/// - DTSTART and DTEND are floating local times (no TZID), so a meeting at 09:30 is at 09:30
///   wherever the calendar is opened.
public enum ICalendar {
    // MARK: - Calendars

    /// A calendar with one event per agenda; each event's description is the agenda as plain text.
    public static func calendar(agendas: [Agenda]) -> String {
        guard let stamp = agendas.map(\.date).min() else { return document([]) }
        return document(agendas.map { agenda in
            event(Event(program: agenda.program, group: agenda.group, meeting: agenda.meeting, stamp: stamp,
                        date: agenda.date, time: agenda.time, minutes: agenda.minutes,
                        summary: summary(agenda.program, agenda.group, agenda.phase, agenda.meeting, of: agenda.meetings),
                        description: AgendaText.plain(agenda)))
        })
    }

    /// A calendar with one event per scheduled meeting, without agenda details; stamped with the program's start.
    public static func calendar(schedule: [Meeting], program: Program, group: ProgramGroup) -> String {
        calendar(schedules: [(group, schedule)], program: program)
    }

    /// One calendar holding the scheduled meetings of several groups (`mentor schedule --format ics`).
    /// Agendas are left out on purpose: they change as progress is logged; `mentor agenda` gives them.
    public static func calendar(schedules: [(group: ProgramGroup, meetings: [Meeting])], program: Program) -> String {
        document(schedules.flatMap { group, schedule in events(schedule: schedule, program: program, group: group) })
    }

    private static func events(schedule: [Meeting], program: Program, group: ProgramGroup) -> [[String]] {
        let members = "Members: " + AgendaText.people(AgendaText.members(of: group, in: program))
        return schedule.map { meeting in
            event(Event(program: program.name, group: group.id, meeting: meeting.number, stamp: program.starts,
                        date: meeting.date, time: program.meetingTime, minutes: program.meetingMinutes,
                        summary: summary(program.name, group.id, meeting.phase, meeting.number, of: schedule.count),
                        description: "\(program.name): \(group.id), meeting \(meeting.number) of \(schedule.count) "
                            + "(\(AgendaText.phase(meeting.phase)))\n" + members))
        }
    }

    /// "Pilot · ruiz-lin: Check-in 7/12".
    static func summary(_ program: String, _ group: String, _ phase: Phase, _ number: Int, of count: Int) -> String {
        "\(program) · \(group): \(AgendaText.kind(phase)) \(number)/\(count)"
    }

    // MARK: - Building blocks

    /// What one VEVENT says; times are local to the meeting.
    struct Event {
        var program: String, group: String, meeting: Int
        var stamp: CalendarDate, date: CalendarDate, time: ClockTime, minutes: Int
        var summary: String, description: String?
    }

    /// The whole file: header, events, footer; every line folded and ended with CRLF.
    static func document(_ events: [[String]]) -> String {
        let lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//MentorKit//mentor//EN", "CALSCALE:GREGORIAN",
                     "METHOD:PUBLISH"] + events.flatMap { $0 } + ["END:VCALENDAR"]
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// The unfolded content lines of one VEVENT.
    static func event(_ event: Event) -> [String] {
        var lines = [
            "BEGIN:VEVENT",
            "UID:\(slug(event.program))-\(slug(event.group))-\(event.meeting)@mentorkit",
            "DTSTAMP:\(compact(event.stamp))T000000Z",
            "DTSTART:\(dateTime(event.date, event.time, plus: 0))",
            "DTEND:\(dateTime(event.date, event.time, plus: event.minutes))",
            "SUMMARY:\(escape(event.summary))",
        ]
        if let description = event.description { lines.append("DESCRIPTION:\(escape(description))") }
        lines += ["CATEGORIES:MENTORING", "END:VEVENT"]
        return lines
    }

    /// `YYYYMMDDTHHMMSS` for `time` on `date` plus `minutes`, rolling over into later days.
    static func dateTime(_ date: CalendarDate, _ time: ClockTime, plus minutes: Int) -> String {
        let total = time.hour * 60 + time.minute + minutes
        let day = date.adding(days: total / 1440)
        let (hour, minute) = (total % 1440 / 60, total % 60)
        return compact(day) + "T" + pad(hour) + pad(minute) + "00"
    }

    /// `YYYYMMDD`.
    static func compact(_ date: CalendarDate) -> String {
        date.description.replacingOccurrences(of: "-", with: "")
    }

    static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// Lowercase letters and digits joined by '-', for UIDs; "x" when nothing is left.
    static func slug(_ text: String) -> String {
        let slug = PlanFormat.suggestedID(for: text)
        return slug.isEmpty ? "x" : slug
    }

    // MARK: - Escaping and folding

    /// TEXT escaping: backslash, semicolon, comma and newlines (LF, CRLF or CR become `\n`); other
    /// control characters, which TEXT may not hold, are dropped; tabs are kept.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var afterCR = false
        for scalar in text.unicodeScalars {
            defer { afterCR = scalar == "\r" }
            switch scalar {
            case "\\": result += "\\\\"
            case ";": result += "\\;"
            case ",": result += "\\,"
            case "\r": result += "\\n"
            case "\n": if !afterCR { result += "\\n" }
            case "\t": result.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: break
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Splits a content line into lines of at most 75 octets, continuation lines starting with a
    /// space, never inside a UTF-8 character.
    static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var lines: [String] = []
        var current = ""
        var octets = 0
        for scalar in line.unicodeScalars {
            let size = UTF8.width(scalar)
            let limit = lines.isEmpty ? 75 : 74  // continuation lines spend one octet on the leading space
            if octets + size > limit {
                lines.append(current)
                current = ""
                octets = 0
            }
            current.unicodeScalars.append(scalar)
            octets += size
        }
        lines.append(current)
        return lines.joined(separator: "\r\n ")
    }
}
