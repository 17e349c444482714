import Foundation

/// Turns agendas and schedules into Markdown and HTML for people and JSON for programs.
public enum AgendaRenderer {
    // MARK: - Markdown

    /// One meeting's agenda as a Markdown page a mentor can print or paste.
    public static func markdown(_ agenda: Agenda) -> String {
        let end = AgendaText.clock(agenda.time, plus: agenda.minutes)
        var lines = [
            "# \(agenda.program): \(agenda.group)", "",
            "**Meeting \(agenda.meeting) of \(agenda.meetings)** · \(AgendaText.weekday(agenda.date)) \(agenda.date) · "
                + "\(agenda.time)–\(end) · \(AgendaText.phase(agenda.phase))", "",
        ]
        if let facilitator = agenda.facilitator { lines.append("Facilitator: \(facilitator)  ") }
        if let spotlight = agenda.spotlight { lines.append("Spotlight: \(spotlight)  ") }
        lines.append("Participants: " + agenda.participants.map { "\($0.name) (\($0.role))" }.joined(separator: ", "))
        for item in agenda.items {
            lines += ["", "## \(AgendaText.span(agenda.time, start: item.start, minutes: item.minutes)) · \(item.title) "
                + "(\(item.minutes) min)", ""]
            lines.append("Led by: \(item.lead)" + (item.plan.map { " · from plan '\($0)'" } ?? ""))
            if item.confidential { lines += ["", "> Confidential: notes on this item stay within the group."] }
            if let guidance = item.guidance { lines += ["", "*\(guidance)*"] }
            if !item.prompts.isEmpty { lines += [""] + item.prompts.map { "- \($0)" } }
        }
        let total = agenda.items.reduce(0) { $0 + $1.minutes }
        lines += ["", "---", "", "\(agenda.items.count) items, \(total) of \(agenda.minutes) minutes."]
        return lines.joined(separator: "\n") + "\n"
    }

    /// A group's schedule as a Markdown table; with agendas, each row names its focus.
    public static func markdown(schedule: [Meeting], program: Program, group: ProgramGroup, agendas: [Agenda]?) -> String {
        var lines = [
            "# \(program.name): \(group.id)", "",
            "\(program.type) · \(program.cadence) from \(program.starts) for \(program.months) months · "
                + "\(program.meetingMinutes)-minute meetings at \(program.meetingTime)", "",
            "Members: " + group.members.map { program.name(of: $0) }.joined(separator: ", "), "",
            "| # | Date | Day | Meeting | Focus |",
            "| ---: | --- | --- | --- | --- |",
        ]
        for meeting in schedule {
            let agenda = agendas?.first { $0.meeting == meeting.number }
            lines.append("| \(meeting.number) | \(meeting.date) | \(AgendaText.weekday(meeting.date)) | "
                + "\(AgendaText.phase(meeting.phase)) | \(agenda.map(focus) ?? "") |")
        }
        lines += ["", "Either side may end the partnership at any time; no fault attached."]
        return lines.joined(separator: "\n") + "\n"
    }

    /// "Spotlight: X; topics A, B, C" (at most three topic titles, then "and N more").
    static func focus(_ agenda: Agenda) -> String {
        var parts: [String] = []
        if let spotlight = agenda.spotlight { parts.append("spotlight: \(spotlight)") }
        if let facilitator = agenda.facilitator { parts.append("facilitator: \(facilitator)") }
        let topics = agenda.items.filter { $0.kind == .topic }.map(\.title)
        let shown = topics.prefix(3).joined(separator: ", ") + (topics.count > 3 ? " and \(topics.count - 3) more" : "")
        if !topics.isEmpty { parts.append(shown) }
        return parts.joined(separator: "; ").replacingOccurrences(of: "|", with: "\\|")
    }

    // MARK: - JSON

    /// One agenda as pretty JSON with sorted keys, ending in a newline.
    public static func json(_ agenda: Agenda) throws -> String { try encode(agenda) }

    /// Several agendas as a JSON array.
    public static func json(_ agendas: [Agenda]) throws -> String { try encode(agendas) }

    /// A group's schedule as JSON: program, type, group, members and meetings.
    public static func json(schedule: [Meeting], program: Program, group: ProgramGroup) throws -> String {
        struct Document: Encodable {
            let program: String, type: String, group: String, members: [Participant], meetings: [Meeting]
        }
        let members = group.members.map { id in
            Participant(id: id, name: program.name(of: id),
                        role: id == group.mentor ? "mentor" : group.peers.contains(id) ? "peer" : "mentee")
        }
        return try encode(Document(program: program.name, type: program.type, group: group.id, members: members,
                                   meetings: schedule))
    }

    private static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}
