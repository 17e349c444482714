import Foundation

/// Turns agendas and schedules into Markdown and HTML for people and JSON for programs.
///
/// Every output is deterministic: the same input gives byte-identical text. Markdown, HTML and
/// JSON output all end with a single newline. Clock times use an en dash: `09:30–09:45`.
public enum AgendaRenderer {
    // MARK: - Markdown agenda

    /// One meeting's agenda as a Markdown page a mentor can print or paste; user text is escaped.
    public static func markdown(_ agenda: Agenda) -> String {
        let end = AgendaText.clock(agenda.time, plus: agenda.minutes)
        var lines = [
            "# \(inline(agenda.program)): \(inline(agenda.group))", "",
            "**Meeting \(agenda.meeting) of \(agenda.meetings)** · \(AgendaText.weekday(agenda.date)) \(agenda.date) · "
                + "\(agenda.time)–\(end)\(AgendaText.zone(agenda)) · \(AgendaText.phase(agenda.phase))", "",
        ]
        lines += AgendaText.notices(agenda).flatMap { [inline($0), ""] }
        if let record = agenda.record {
            lines += record.lines.map { "> " + inline($0) }.joined(separator: "\n>\n").split(separator: "\n").map(String.init) + [""]
        }
        if let facilitator = agenda.facilitator { lines += ["Facilitator: \(inline(facilitator))", ""] }
        if let spotlight = agenda.spotlight { lines += ["Spotlight: \(inline(spotlight))", ""] }
        lines.append("Participants: " + AgendaText.people(agenda.participants, inline))
        guard !agenda.isCancelled else { return lines.joined(separator: "\n") + "\n" }
        lines += ["", "## Agenda"]
        for item in agenda.items {
            lines += [""] + markdown(item, at: agenda.time)
        }
        lines += ["", "---", "", total(agenda)]
        return lines.joined(separator: "\n") + "\n"
    }

    /// One item: a `###` heading with its clock times, who leads, the confidential marker, guidance and prompts.
    static func markdown(_ item: AgendaItem, at time: ClockTime) -> [String] {
        var lines = [
            "### \(AgendaText.span(time, start: item.start, minutes: item.minutes)) · \(inline(item.title)) "
                + "(\(item.minutes) min)", "",
            "Led by: \(inline(item.lead))" + (item.plan.map { " · from plan '\(inline($0))'" } ?? ""),
        ]
        if item.confidential { lines += ["", "> \(confidentialNote)"] }
        if let guidance = item.guidance.map(inline), !guidance.isEmpty { lines += ["", "*\(guidance)*"] }
        if !item.prompts.isEmpty { lines += [""] + item.prompts.map { "- \(inline($0))" } }
        return lines
    }

    /// The marker on confidential items.
    static let confidentialNote = "Confidential: notes on this item stay within the group."

    /// "Total: 4 items, 60 of 60 minutes." — the items' minutes against the meeting's length.
    static func total(_ agenda: Agenda) -> String {
        let minutes = agenda.items.reduce(0) { $0 + $1.minutes }
        let items = agenda.items.count == 1 ? "1 item" : "\(agenda.items.count) items"
        return "Total: \(items), \(minutes) of \(agenda.minutes) minutes."
    }

    // MARK: - Markdown schedule

    /// A group's schedule as a Markdown table; with agendas, a Focus column names each meeting's lead and topics.
    public static func markdown(schedule: [Meeting], program: Program, group: ProgramGroup, agendas: [Agenda]?) -> String {
        var lines = [
            "# \(inline(program.name)): \(inline(group.id))", "",
            "\(inline(program.type)) · \(program.cadence) from \(program.starts) for \(program.months) months · "
                + "\(program.meetingMinutes)-minute meetings at \(program.time(for: group))"
                + (program.timeZone.map { " (\(inline($0)))" } ?? "")
                + (program.day(for: group).map { " on the \($0)" + (program.cadence.isMonthly ? " of the month" : "") } ?? "")
                + (program.location(for: group).map { " · \(inline($0))" } ?? ""), "",
            "Members: " + AgendaText.people(AgendaText.members(of: group, in: program), inline), "",
        ]
        let byNumber = Dictionary((agendas ?? []).map { ($0.meeting, $0) }, uniquingKeysWith: { first, _ in first })
        lines +=
            agendas == nil
            ? ["| # | Date | Day | Meeting |", "| ---: | --- | --- | --- |"]
            : ["| # | Date | Day | Meeting | Focus |", "| ---: | --- | --- | --- | --- |"]
        for meeting in schedule {
            let row =
                "| \(meeting.number) | \(meeting.date) | \(AgendaText.weekday(meeting.date)) | "
                + "\(AgendaText.kind(meeting.phase))\(changeNote(meeting, group: group, program: program)) |"
            lines.append(agendas == nil ? row : row + " \(byNumber[meeting.number].map(focus) ?? "") |")
        }
        let events = program.events(for: group)
        if !events.isEmpty {
            lines += ["", "## Program events", "", "| Date | Time | Event | For | Where |", "| --- | --- | --- | --- | --- |"]
            for event in events {
                lines.append(
                    "| \(event.date) | \(event.time)–\(AgendaText.clock(event.time, plus: event.minutes)) | "
                        + "\(AgendaText.eventKind(event.kind)): \(inline(event.title)) | \(inline(event.audience.description)) | "
                        + "\(inline(event.location ?? "")) |")
            }
        }
        lines += [
            "",
            group.members.count == 2
                ? "Either side may end the partnership at any time; no fault attached."
                : "Anyone may leave the group at any time; no fault attached.",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// " — cancelled", " — moved from 2027-03-09, 14:00, Room 2": how a schedule row differs from the plan.
    static func changeNote(_ meeting: Meeting, group: ProgramGroup, program: Program) -> String {
        guard let change = meeting.change else { return "" }
        if change.cancelled { return " — **cancelled**" + (change.reason.map { " (\(inline($0)))" } ?? "") }
        var parts: [String] = []
        if change.plannedDate != meeting.date { parts.append("moved from \(change.plannedDate)") }
        if let time = meeting.time, time != program.time(for: group) { parts.append("at \(time)") }
        if let location = meeting.location, location != program.location(for: group) { parts.append("in \(inline(location))") }
        return parts.isEmpty ? "" : " — " + parts.joined(separator: ", ")
    }

    /// "Facilitator: X; A, B, C and 2 more": who leads, then at most three topic titles of at most 40 characters.
    static func focus(_ agenda: Agenda) -> String {
        var parts: [String] = []
        if let facilitator = agenda.facilitator { parts.append("Facilitator: \(inline(facilitator))") }
        if let spotlight = agenda.spotlight { parts.append("Spotlight: \(inline(spotlight))") }
        let topics = agenda.items.filter { $0.kind == .topic || $0.kind == .skill }.map { inline(shortened($0.title)) }
        if !topics.isEmpty {
            parts.append(topics.prefix(3).joined(separator: ", ") + (topics.count > 3 ? " and \(topics.count - 3) more" : ""))
        }
        return parts.joined(separator: "; ")
    }

    /// `text` cut to at most `limit` characters at a word boundary, with "…" when cut.
    static func shortened(_ text: String, limit: Int = 40) -> String {
        guard text.count > limit else { return text }
        let cut = text.prefix(limit - 1)
        let word = cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
        return word.trimmingCharacters(in: .whitespaces.union(.punctuationCharacters)) + "…"
    }

    // MARK: - Markdown escaping

    /// User text for Markdown: see ``MarkdownText/inline(_:)``, which every Markdown renderer uses.
    static func inline(_ text: String) -> String { MarkdownText.inline(text) }

    // MARK: - JSON

    /// One agenda as pretty JSON with sorted keys and unescaped slashes, ending in a newline.
    public static func json(_ agenda: Agenda) throws -> String { try encode(agenda) }

    /// Several agendas as a JSON array, formatted like ``json(_:)-(Agenda)``.
    public static func json(_ agendas: [Agenda]) throws -> String { try encode(agendas) }

    /// A group's schedule as JSON: program, type, group, members (with roles) and meetings; ends in a newline.
    public static func json(schedule: [Meeting], program: Program, group: ProgramGroup) throws -> String {
        struct Document: Encodable {
            let program: String, type: String, group: String, members: [Participant], meetings: [Meeting]
        }
        return try encode(
            Document(
                program: program.name, type: program.type, group: group.id,
                members: AgendaText.members(of: group, in: program), meetings: schedule))
    }

    private static func encode(_ value: some Encodable) throws -> String {
        try StableJSON.string(value)
    }
}

extension HeldMeeting {
    /// What a rendered agenda says of the record, one sentence a line.
    var lines: [String] {
        guard held else {
            return [
                "Logged as missed (recorded for \(date)).",
                "Below is the agenda as it was planned; later agendas carry its topics forward.",
            ]
        }
        let covered = self.covered.isEmpty ? "no plan topics" : self.covered.joined(separator: "; ")
        return [
            "Held on \(date). Present: \(present.isEmpty ? "nobody recorded" : present.joined(separator: ", ")). Covered: \(covered).",
            "Below is the agenda as it was planned before the meeting; later agendas build on what was recorded.",
        ]
    }
}
