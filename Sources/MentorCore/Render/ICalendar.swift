/// Writes RFC 5545 calendars: CRLF line endings, lines folded at 75 octets, TEXT escaped.
///
/// Hand-written: no Swift iCalendar library is among the packages this project can use, and the
/// subset needed (one VCALENDAR of VEVENTs, one VTIMEZONE) is small. Output is byte-for-byte
/// deterministic:
/// - UIDs come from the program's key (``Program/id``), the group id and the meeting number:
///   `pilot-ruiz-lin-2@mentorkit`. They never change, so a calendar program updates the event it
///   has when the meeting moves; `SEQUENCE` counts the changes the journal records.
/// - DTSTAMP is not the wall clock but the program's start date at 00:00 UTC, one stamp for the
///   whole calendar. Agendas do not carry the program's start, so `calendar(agendas:)` uses the
///   earliest agenda's date, which for a whole schedule is the orientation, held on the start date.
/// - With a program `time-zone:`, DTSTART and DTEND name it (`TZID=Europe/London`) and the file
///   holds a VTIMEZONE spelling out that zone's offsets over the dates used, from the system's
///   time zone database. Without one, times are floating: 09:30 wherever the calendar is opened.
/// - ATTENDEE and ORGANIZER come from the people's `email:` (see ``organizer(of:in:)``); people
///   without one are named in the description only. LOCATION is the meeting's place; a VALARM
///   reminds ``alarmMinutes`` minutes before; a cancelled meeting has `STATUS:CANCELLED`.
public enum ICalendar {
    /// How many minutes before a meeting its calendar event's alarm goes off.
    public static let alarmMinutes = 30

    /// The iTIP method of a calendar object (RFC 5546): a file to import, an invitation, a cancellation.
    public enum Method: String, Sendable {
        case publish = "PUBLISH"
        case request = "REQUEST"
        case cancel = "CANCEL"
    }

    // MARK: - Calendars

    /// A calendar with one event per agenda; each event's description is the agenda as plain text.
    /// With `program`, events invite the group's members who have an email address.
    public static func calendar(agendas: [Agenda], program: Program? = nil) -> String {
        guard let stamp = agendas.map(\.date).min() else { return document([], method: .publish) }
        let events = agendas.map { agenda in
            let group = program?.group(agenda.group)
            return Event(
                uid: uid(agenda.programID ?? slug(agenda.program), agenda.group, agenda.meeting),
                stamp: stamp, date: agenda.date, time: agenda.time, minutes: agenda.minutes, timeZone: agenda.timeZone,
                summary: summary(agenda.program, agenda.group, agenda.phase, agenda.meeting, of: agenda.meetings),
                description: AgendaText.plain(agenda), location: agenda.location,
                sequence: agenda.change?.sequence ?? 0, cancelled: agenda.isCancelled,
                organizer: group.flatMap { group in program.flatMap { organizer(of: group, in: $0) } },
                attendees: group.flatMap { group in program.map { attendees(of: group, in: $0) } } ?? [])
        }
        return document(events, method: .publish)
    }

    /// A calendar with one event per scheduled meeting, without agenda details; stamped with the program's start.
    public static func calendar(schedule: [Meeting], program: Program, group: ProgramGroup) -> String {
        calendar(schedules: [(group, schedule)], program: program)
    }

    /// One calendar holding the scheduled meetings of several groups (`mentor schedule --format ics`).
    /// Agendas are left out on purpose: they change as progress is logged; `mentor agenda` gives them.
    /// The program events the groups' members are invited to follow the meetings, each once.
    public static func calendar(schedules: [(group: ProgramGroup, meetings: [Meeting])], program: Program) -> String {
        var seen: Set<String> = []
        let events = schedules.flatMap { group, _ in program.events(for: group) }.filter { seen.insert($0.id).inserted }
        return calendar(programs: [(program, schedules, events)])
    }

    /// One calendar across programs (a person's subscription feed): each program's group meetings,
    /// then the program events given.
    public static func calendar(
        programs: [(
            program: Program, schedules: [(group: ProgramGroup, meetings: [Meeting])],
            events: [ProgramEvent]
        )]
    ) -> String {
        document(
            programs.flatMap { program, schedules, events in
                schedules.flatMap { group, schedule in schedule.map { event(for: $0, of: schedule.count, group: group, program: program) } }
                    + events.map { event(for: $0, program: program) }
            }, method: .publish)
    }

    /// An iTIP invitation to one program event (a kickoff, a workshop, ...).
    /// `sequence` counts the versions sent before (its day, time or place changed in the file).
    public static func invitation(to programEvent: ProgramEvent, program: Program, sequence: Int = 0) -> String {
        var event = event(for: programEvent, program: program)
        event.sequence = sequence
        return document([event], method: .request)
    }

    /// `pilot-event-kickoff@mentorkit`.
    public static func uid(_ program: String, event: String) -> String {
        "\(slug(program))-event-\(slug(event))@mentorkit"
    }

    /// Who a program event invites, with an email: the people, then the coordinators when invited.
    public static func attendees(of programEvent: ProgramEvent, in program: Program) -> [Contact] {
        let people = program.invitees(of: programEvent).compactMap { id in
            program.person(id).flatMap { person in person.email.map { Contact(name: person.name, email: $0) } }
        }
        let coordinators =
            program.invitesCoordinators(programEvent)
            ? program.coordinators.map { Contact(name: $0.name, email: $0.email) } : []
        return people + coordinators
    }

    private static func event(for programEvent: ProgramEvent, program: Program) -> Event {
        var description = "\(program.name): \(AgendaText.eventKind(programEvent.kind).lowercased()) for \(programEvent.audience)"
        if let summary = programEvent.summary { description += "\n" + summary }
        if !programEvent.discuss.isEmpty {
            description += "\nYour next meeting discusses:\n" + programEvent.discuss.map { "- \($0)" }.joined(separator: "\n")
        }
        let organizer = program.coordinators.first.map { Contact(name: $0.name, email: $0.email) }
        return Event(
            uid: uid(program.id, event: programEvent.id), stamp: program.starts, date: programEvent.date,
            time: programEvent.time, minutes: programEvent.minutes, timeZone: program.timeZone,
            summary: "\(program.name) · \(AgendaText.eventKind(programEvent.kind)): \(programEvent.title)",
            description: description, location: programEvent.location, organizer: organizer,
            attendees: attendees(of: programEvent, in: program))
    }

    /// An iTIP invitation to one meeting (RFC 5546 `REQUEST`, or `CANCEL` for a cancelled one),
    /// for the body of an iMIP message (RFC 6047): one VEVENT, since a request carries one UID.
    public static func invitation(to meeting: Meeting, of count: Int, group: ProgramGroup, program: Program) -> String {
        document(
            [event(for: meeting, of: count, group: group, program: program)],
            method: meeting.isCancelled ? .cancel : .request)
    }

    private static func event(for meeting: Meeting, of count: Int, group: ProgramGroup, program: Program) -> Event {
        let members = "Members: " + AgendaText.people(AgendaText.members(of: group, in: program))
        var description = "\(program.name): \(group.id), meeting \(meeting.number) of \(count) (\(AgendaText.phase(meeting.phase)))"
        if let change = meeting.change, change.cancelled {
            description += "\nCancelled" + (change.reason.map { " (\($0))" } ?? "") + "."
        } else if let change = meeting.change, change.plannedDate != meeting.date {
            description += "\nMoved from \(change.plannedDate)" + (change.reason.map { " (\($0))" } ?? "") + "."
        }
        return Event(
            uid: uid(program.id, group.id, meeting.number), stamp: program.starts, date: meeting.date,
            time: meeting.time ?? program.time(for: group), minutes: program.meetingMinutes, timeZone: program.timeZone,
            summary: summary(program.name, group.id, meeting.phase, meeting.number, of: count),
            description: description + "\n" + members, location: meeting.location ?? program.location(for: group),
            sequence: meeting.change?.sequence ?? 0, cancelled: meeting.isCancelled,
            organizer: organizer(of: group, in: program), attendees: attendees(of: group, in: program))
    }

    /// "Pilot · ruiz-lin: Check-in 7/12".
    static func summary(_ program: String, _ group: String, _ phase: Phase, _ number: Int, of count: Int) -> String {
        "\(program) · \(group): \(AgendaText.kind(phase)) \(number)/\(count)"
    }

    /// `pilot-ruiz-lin-2@mentorkit`: the same for a meeting whatever changes.
    public static func uid(_ program: String, _ group: String, _ meeting: Int) -> String {
        "\(slug(program))-\(slug(group))-\(meeting)@mentorkit"
    }

    // MARK: - Who is invited

    /// Someone a calendar event names: a display name and an address.
    public struct Contact: Sendable, Equatable {
        /// The name shown.
        public var name: String
        /// The email address.
        public var email: String

        /// Creates a contact.
        public init(name: String, email: String) {
            self.name = name
            self.email = email
        }
    }

    /// Who sends a group's invitations: the program's first coordinator; without coordinators the
    /// mentor, or in a peer group the first peer, who has an email address. `nil` when nobody has one.
    public static func organizer(of group: ProgramGroup, in program: Program) -> Contact? {
        if let coordinator = program.coordinators.first { return Contact(name: coordinator.name, email: coordinator.email) }
        let lead = group.mentor.map { [$0] } ?? group.peers
        for id in lead {
            if let person = program.person(id), let email = person.email { return Contact(name: person.name, email: email) }
        }
        return nil
    }

    /// The group's members who have an email address, mentor first.
    public static func attendees(of group: ProgramGroup, in program: Program) -> [Contact] {
        group.members.compactMap { id in
            program.person(id).flatMap { person in person.email.map { Contact(name: person.name, email: $0) } }
        }
    }

    // MARK: - Building blocks

    /// What one VEVENT says; times are local to the meeting (in `timeZone` when given).
    struct Event {
        var uid: String
        var stamp: CalendarDate, date: CalendarDate, time: ClockTime, minutes: Int
        var timeZone: String? = nil
        var summary: String, description: String?
        var location: String? = nil
        var sequence = 0
        var cancelled = false
        var organizer: Contact? = nil
        var attendees: [Contact] = []
    }

    /// The whole file: header, time zone, events, footer; every line folded and ended with CRLF.
    static func document(_ events: [Event], method: Method) -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//MentorKit//mentor//EN", "CALSCALE:GREGORIAN",
            "METHOD:\(method.rawValue)",
        ]
        for zone in Set(events.compactMap(\.timeZone)).sorted() {
            let dates = events.filter { $0.timeZone == zone }.map(\.date)
            if let first = dates.min(), let last = dates.max() {
                lines += timeZone(zone, from: first.adding(days: -1), through: last.adding(days: 2))
            }
        }
        lines += events.flatMap { event($0, method: method) } + ["END:VCALENDAR"]
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// The unfolded content lines of one VEVENT.
    static func event(_ event: Event, method: Method = .publish) -> [String] {
        let zone = event.timeZone.map { ";TZID=\(parameter($0))" } ?? ""
        var lines = [
            "BEGIN:VEVENT",
            "UID:\(event.uid)",
            "DTSTAMP:\(compact(event.stamp))T000000Z",
            "DTSTART\(zone):\(dateTime(event.date, event.time, plus: 0))",
            "DTEND\(zone):\(dateTime(event.date, event.time, plus: event.minutes))",
            "SEQUENCE:\(event.sequence)",
            "SUMMARY:\(escape(event.summary))",
        ]
        if let description = event.description { lines.append("DESCRIPTION:\(escape(description))") }
        if let location = event.location { lines.append("LOCATION:\(escape(location))") }
        lines.append("STATUS:\(event.cancelled ? "CANCELLED" : "CONFIRMED")")
        if let organizer = event.organizer {
            lines.append("ORGANIZER;CN=\(parameter(organizer.name)):mailto:\(organizer.email)")
        }
        for attendee in event.attendees {
            let organizing = attendee.email.lowercased() == event.organizer?.email.lowercased()
            lines.append(
                "ATTENDEE;CN=\(parameter(attendee.name));ROLE=REQ-PARTICIPANT;"
                    + (organizing ? "PARTSTAT=ACCEPTED" : "PARTSTAT=NEEDS-ACTION" + (method == .request ? ";RSVP=TRUE" : ""))
                    + ":mailto:\(attendee.email)")
        }
        lines.append("CATEGORIES:MENTORING")
        if !event.cancelled {
            lines += [
                "BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:\(escape(event.summary))",
                "TRIGGER:-PT\(alarmMinutes)M", "END:VALARM",
            ]
        }
        lines.append("END:VEVENT")
        return lines
    }

    /// A VTIMEZONE for `name` over the given days: the offset in effect at the start, then each
    /// change of offset (explicit DTSTARTs, no RRULE, so it is exactly what the database says).
    static func timeZone(_ name: String, from first: CalendarDate, through last: CalendarDate) -> [String] {
        let periods = TimeZones.periods(of: name, from: first, through: last)
        guard !periods.isEmpty else { return [] }
        var lines = ["BEGIN:VTIMEZONE", "TZID:\(name)"]
        for period in periods {
            let kind = period.isDaylight ? "DAYLIGHT" : "STANDARD"
            let clock =
                ClockTime(hour: period.start.seconds / 3600, minute: period.start.seconds % 3600 / 60)
                ?? ClockTime(constant: 0, 0)
            lines += [
                "BEGIN:\(kind)", "DTSTART:\(dateTime(period.start.date, clock, plus: 0))",
                "TZOFFSETFROM:\(offset(period.offsetFrom))", "TZOFFSETTO:\(offset(period.offset))",
            ]
            // Some systems know no abbreviation and say "GMT-6": that adds nothing to the offsets.
            if let abbreviation = period.abbreviation, !abbreviation.isEmpty, !abbreviation.hasPrefix("GMT") || abbreviation == "GMT" {
                lines.append("TZNAME:\(escape(abbreviation))")
            }
            lines.append("END:\(kind)")
        }
        return lines + ["END:VTIMEZONE"]
    }

    /// `+0100`, `-0500`, `+0530`.
    static func offset(_ seconds: Int) -> String {
        let minutes = abs(seconds) / 60
        return (seconds < 0 ? "-" : "+") + pad(minutes / 60) + pad(minutes % 60)
    }

    /// A parameter value (RFC 5545 3.2): quoted when it holds `:`, `;` or `,`; double quotes and
    /// control characters, which a parameter can't hold, are dropped.
    static func parameter(_ value: String) -> String {
        let cleaned = String(value.unicodeScalars.filter { $0 != "\"" && $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
        return cleaned.contains(where: { ":;,".contains($0) }) ? "\"\(cleaned)\"" : cleaned
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
            let limit = lines.isEmpty ? 75 : 74 // continuation lines spend one octet on the leading space
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
