/// Writes RFC 5545 calendars: CRLF line endings, lines folded at 75 octets, TEXT escaped.
///
/// Hand-written: no Swift iCalendar library is among the packages this project can use, and the
/// subset needed (one VCALENDAR of VEVENTs) is small. Output is byte-for-byte deterministic: UIDs
/// come from program, group and meeting, DTSTAMP is the event's own date at 00:00 UTC (not the
/// wall clock), and times are floating local times (no time zone component needed).
public enum ICalendar {
    /// A calendar with one event per agenda; each event's description is the agenda as text.
    public static func calendar(agendas: [Agenda]) -> String {
        let events = agendas.map { agenda in
            event(program: agenda.program, group: agenda.group, meeting: agenda.meeting, date: agenda.date,
                  time: agenda.time, minutes: agenda.minutes,
                  summary: "\(agenda.program): \(AgendaText.phase(agenda.phase)) \(agenda.meeting)/\(agenda.meetings)",
                  description: AgendaText.plain(agenda))
        }
        return document(events)
    }

    // MARK: - Building blocks

    static func document(_ events: [[String]]) -> String {
        let lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//MentorKit//mentor//EN", "CALSCALE:GREGORIAN",
                     "METHOD:PUBLISH"] + events.flatMap { $0 } + ["END:VCALENDAR"]
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    static func event(program: String, group: String, meeting: Int, date: CalendarDate, time: ClockTime, minutes: Int,
                      summary: String, description: String?) -> [String] {
        let end = dateTime(date, time, plus: minutes)
        var lines = [
            "BEGIN:VEVENT",
            "UID:\(slug(program))-\(slug(group))-\(meeting)@mentorkit",
            "DTSTAMP:\(compact(date))T000000Z",
            "DTSTART:\(dateTime(date, time, plus: 0))",
            "DTEND:\(end)",
            "SUMMARY:\(escape(summary))",
        ]
        if let description { lines.append("DESCRIPTION:\(escape(description))") }
        lines += ["CATEGORIES:MENTORING", "END:VEVENT"]
        return lines
    }

    /// `YYYYMMDDTHHMMSS` for `time` on `date` plus `minutes`, rolling over into later days.
    static func dateTime(_ date: CalendarDate, _ time: ClockTime, plus minutes: Int) -> String {
        let total = time.hour * 60 + time.minute + minutes
        let day = date.adding(days: total / 1440)
        let clock = AgendaText.clock(ClockTime(hour: 0, minute: 0) ?? time, plus: total % 1440)
        return compact(day) + "T" + pad(clock.hour) + pad(clock.minute) + "00"
    }

    static func compact(_ date: CalendarDate) -> String {
        date.description.replacingOccurrences(of: "-", with: "")
    }

    static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// Lowercase letters and digits joined by '-', for UIDs.
    static func slug(_ text: String) -> String {
        PlanFormat.suggestedID(for: text).isEmpty ? "x" : PlanFormat.suggestedID(for: text)
    }

    /// TEXT escaping: backslash, semicolon, comma and newlines.
    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\\": result += "\\\\"
            case ";": result += "\\;"
            case ",": result += "\\,"
            case "\n", "\r\n", "\r": result += "\\n"
            default: result.append(character)
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
            let size = String(scalar).utf8.count
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
