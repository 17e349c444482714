/// Small formatting helpers shared by the renderers.
enum AgendaText {
    /// "Monday" … "Sunday" for a date.
    static func weekday(_ date: CalendarDate) -> String {
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][date.weekday - 1]
    }

    /// The clock time `minutes` after `start`, wrapping past midnight.
    static func clock(_ start: ClockTime, plus minutes: Int) -> ClockTime {
        let total = ((start.hour * 60 + start.minute + minutes) % 1440 + 1440) % 1440
        return ClockTime(hour: total / 60, minute: total % 60) ?? start
    }

    /// "09:30–09:45" for an item starting `start` minutes into a meeting at `time`.
    static func span(_ time: ClockTime, start: Int, minutes: Int) -> String {
        "\(clock(time, plus: start))–\(clock(time, plus: start + minutes))"
    }

    /// How a meeting's phase reads on an agenda.
    static func phase(_ phase: Phase) -> String {
        switch phase {
        case .orientation: return "Orientation (first meeting)"
        case .ongoing: return "Regular meeting"
        case .checkIn: return "Check-in"
        case .closing: return "Closing meeting"
        }
    }

    /// The agenda as plain text, for calendar descriptions.
    static func plain(_ agenda: Agenda) -> String {
        var lines = ["\(agenda.program): meeting \(agenda.meeting) of \(agenda.meetings) (\(phase(agenda.phase)))"]
        if let facilitator = agenda.facilitator { lines.append("Facilitator: \(facilitator)") }
        if let spotlight = agenda.spotlight { lines.append("Spotlight: \(spotlight)") }
        for item in agenda.items {
            lines.append("")
            lines.append("\(span(agenda.time, start: item.start, minutes: item.minutes)) \(item.title) "
                + "(\(item.minutes) min, led by \(item.lead))" + (item.confidential ? " [confidential]" : ""))
            lines += item.prompts.map { "- \($0)" }
        }
        return lines.joined(separator: "\n")
    }
}
