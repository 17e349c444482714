/// Small formatting helpers shared by the renderers.
enum AgendaText {
    // MARK: - Dates and times

    /// "Monday" … "Sunday" for a date.
    static func weekday(_ date: CalendarDate) -> String { date.weekdayName }

    /// The clock time `minutes` after `start`, wrapping past midnight.
    static func clock(_ start: ClockTime, plus minutes: Int) -> ClockTime {
        let total = ((start.hour * 60 + start.minute + minutes) % 1440 + 1440) % 1440
        return ClockTime(hour: total / 60, minute: total % 60) ?? start
    }

    /// "09:30–09:45" (en dash) for an item starting `start` minutes into a meeting at `time`.
    static func span(_ time: ClockTime, start: Int, minutes: Int) -> String {
        "\(clock(time, plus: start))–\(clock(time, plus: start + minutes))"
    }

    // MARK: - Words

    /// How a meeting's phase reads on an agenda: "Orientation (first meeting)", "Check-in".
    static func phase(_ phase: Phase) -> String {
        switch phase {
        case .orientation: return "Orientation (first meeting)"
        case .ongoing: return "Regular meeting"
        case .checkIn: return "Check-in"
        case .closing: return "Closing meeting"
        }
    }

    /// The meeting's kind in one word, for tables and calendar titles: Orientation, Meeting, Check-in, Closing.
    static func kind(_ phase: Phase) -> String {
        switch phase {
        case .orientation: return "Orientation"
        case .ongoing: return "Meeting"
        case .checkIn: return "Check-in"
        case .closing: return "Closing"
        }
    }

    /// A group's members with their roles: mentor first, then mentees, then peers.
    static func members(of group: ProgramGroup, in program: Program) -> [Participant] {
        (group.mentor.map { [Participant(id: $0, name: program.name(of: $0), role: "mentor")] } ?? [])
            + group.mentees.map { Participant(id: $0, name: program.name(of: $0), role: "mentee") }
            + group.peers.map { Participant(id: $0, name: program.name(of: $0), role: "peer") }
    }

    /// "Dana Ruiz (mentor), Sam Lin (mentee)"; `transform` escapes the user text for the output format.
    static func people(_ participants: [Participant], _ transform: (String) -> String = { $0 }) -> String {
        participants.map { "\(transform($0.name)) (\(transform($0.role)))" }.joined(separator: ", ")
    }

    /// What a reader must know before the items: where the meeting is, and whether it was moved
    /// or cancelled ("Cancelled (reason). Its topics move to the next meeting held.").
    static func notices(_ agenda: Agenda) -> [String] {
        var lines: [String] = []
        if let change = agenda.change {
            let reason = change.reason.map { " (\($0))" } ?? ""
            if change.cancelled {
                lines.append("Cancelled\(reason). Its topics move to the next meeting held.")
            } else if change.plannedDate != agenda.date {
                lines.append("Moved from \(weekday(change.plannedDate)) \(change.plannedDate)\(reason).")
            } else {
                lines.append("Changed since it was planned\(reason).")
            }
        }
        if let location = agenda.location { lines.append("Where: \(location)") }
        return lines
    }

    /// "Kickoff", "Training", "Workshop", "Gathering".
    static func eventKind(_ kind: ProgramEvent.Kind) -> String {
        switch kind {
        case .kickoff: return "Kickoff"
        case .training: return "Training"
        case .workshop: return "Workshop"
        case .gathering: return "Gathering"
        }
    }

    /// " (Europe/London)" when the agenda's times are in a named zone, else "".
    static func zone(_ agenda: Agenda) -> String {
        agenda.timeZone.map { " (\($0))" } ?? ""
    }

    // MARK: - Plain text

    /// The agenda as plain text, for calendar descriptions; newlines separate lines, no trailing newline.
    static func plain(_ agenda: Agenda) -> String {
        var lines = [
            "\(agenda.program): \(agenda.group), meeting \(agenda.meeting) of \(agenda.meetings) "
                + "(\(phase(agenda.phase)))"
        ]
        lines += notices(agenda)
        if let facilitator = agenda.facilitator { lines.append("Facilitator: \(facilitator)") }
        if let spotlight = agenda.spotlight { lines.append("Spotlight: \(spotlight)") }
        if !agenda.participants.isEmpty { lines.append("Participants: " + people(agenda.participants)) }
        for item in agenda.items {
            lines.append("")
            lines.append(
                "\(span(agenda.time, start: item.start, minutes: item.minutes)) \(item.title) "
                    + "(\(item.minutes) min, led by \(item.lead))" + (item.confidential ? " [confidential]" : ""))
            if let guidance = item.guidance, !guidance.isEmpty { lines.append(guidance) }
            lines += item.prompts.map { "- \($0)" }
        }
        return lines.joined(separator: "\n")
    }
}
