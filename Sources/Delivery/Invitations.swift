import Foundation
import MentorCore
import MentorStore

/// Calendar invitations by email (iMIP, RFC 6047): each member with an `email:` gets one message
/// per meeting, holding one iTIP `REQUEST` (or `CANCEL` for a meeting called off), so that their
/// calendar program adds the meeting, and updates or removes it when it changes.
///
/// What was sent is recorded in the journal (one record per meeting UID and address, with the
/// event's SEQUENCE), so sending again sends only what is new: meetings not yet invited, and
/// meetings moved or cancelled since. Safe to run from cron.
public struct Invitations: Sendable {
    /// The program, its journal, and where messages go.
    public let mail: ProgramMail
    var journal: ProgramJournal { mail.journal }

    /// Creates a sender.
    public init(_ mail: ProgramMail) { self.mail = mail }

    /// One message that went out (or, in a dry run, would go).
    public struct Sent: Sendable, Equatable {
        /// The group, or `event ID` for a program event.
        public var group: String
        /// The meeting's number; 0 for a program event.
        public var meeting: Int
        /// The meeting's day.
        public var date: CalendarDate
        /// Who it went to.
        public var to: ICalendar.Contact
        /// REQUEST (a new or changed meeting) or CANCEL.
        public var method: ICalendar.Method
        /// The event's SEQUENCE.
        public var sequence: Int
    }

    /// What a run did.
    public struct Outcome: Sendable, Equatable {
        /// Messages sent, in order.
        public var sent: [Sent] = []
        /// Invitations already sent for the same version of the meeting (not sent again).
        public var alreadySent = 0
        /// Members who can't be invited because they have no `email:`, by group: "Ben (ben)".
        public var withoutEmail: [String: [String]] = [:]

        /// Nothing sent.
        public init() {}
    }

    /// Invites the members of `groups` to each group's next `count` meetings on or after `today`
    /// that are not logged yet, and sends updates or cancellations for meetings invited before
    /// that changed since. With `dryRun`, nothing is sent or recorded.
    public func send(groups: [ProgramGroup], meetings count: Int, today: CalendarDate, dryRun: Bool = false)
        async throws -> Outcome
    {
        var outcome = Outcome()
        var log = SentLog(journal)
        let program = journal.program
        var membership = Membership()
        for group in groups {
            let state = try await journal.ledger(of: group).state(of: group.id)
            let progress = state.agendaProgress(program: program)
            let schedule = try journal.builder.schedule(for: group, changes: progress.scheduleChanges)
            let logged = Set(state.meetings.map(\.number))
            let upcoming = schedule.filter { $0.date >= today && !logged.contains($0.number) }
                .sorted { ($0.date, $0.number) < ($1.date, $1.number) }
            let current = state.remaining(of: group) // those who left the group are not invited
            let missing = current.members.filter { program.person($0)?.email == nil }
            if !state.hasEnded, !missing.isEmpty { outcome.withoutEmail[group.id] = missing.map { "\(program.name(of: $0)) (\($0))" } }
            let stillIn = Set(ICalendar.attendees(of: current, in: program).map { $0.email.lowercased() })
            membership.add(group, state)
            var held = 0
            for meeting in upcoming {
                if !meeting.isCancelled {
                    guard held < count else { continue }
                    held += 1
                }
                let uid = ICalendar.uid(program.id, group.id, meeting.number)
                // Everyone ever invited hears of changes: someone who left, or a group that ended,
                // gets a cancellation for each meeting they were invited to.
                for person in ICalendar.attendees(of: group, in: program) {
                    let key = "\(uid) \(person.email.lowercased())"
                    let last = try await log.records(.invitationSent, key: key).compactMap(Self.sent(by:)).last
                    let gone = state.hasEnded || !stillIn.contains(person.email.lowercased())
                    var version = meeting
                    let method: ICalendar.Method
                    if meeting.isCancelled || gone {
                        guard let last else { continue } // never invited: nothing to call off
                        guard last.method != .cancel else {
                            outcome.alreadySent += 1
                            continue
                        }
                        method = .cancel
                        if !meeting.isCancelled {
                            version.change = MeetingChange(
                                plannedDate: meeting.change?.plannedDate ?? meeting.date, cancelled: true,
                                reason: state.hasEnded ? "the group has ended" : "you left the group",
                                sequence: max(meeting.change?.sequence ?? 0, last.sequence + 1))
                        }
                    } else {
                        if let last, last.method == .request, last.sequence >= (meeting.change?.sequence ?? 0) {
                            outcome.alreadySent += 1
                            continue
                        }
                        method = .request
                    }
                    let sequence = version.change?.sequence ?? 0
                    let sent = Sent(
                        group: group.id, meeting: meeting.number, date: meeting.date, to: person, method: method,
                        sequence: sequence)
                    outcome.sent.append(sent)
                    guard !dryRun else { continue }
                    // A cancellation for someone who left names them among the attendees, or their
                    // calendar may not apply it.
                    try await mail.mailer.send(message(sent, meeting: version, of: schedule.count, group: gone ? group : current))
                    try await log.add(
                        JournalRecord(
                            program: program.id, kind: .invitationSent, key: key, person: person.email, at: Date(),
                            body: "{\"method\":\"\(method.rawValue)\",\"sequence\":\(sequence)}"))
                }
            }
        }
        try await sendEvents(groups: groups, today: today, dryRun: dryRun, outcome: &outcome, log: &log, gone: membership.gone)
        return outcome
    }

    /// Invitations to the program's events from `today` on that invite a member of `groups`. An
    /// event's version is its day, time, length and place: when the file changes one, an update
    /// goes out with a higher SEQUENCE.
    private func sendEvents(
        groups: [ProgramGroup], today: CalendarDate, dryRun: Bool, outcome: inout Outcome,
        log: inout SentLog, gone: Set<String>
    ) async throws {
        let program = journal.program
        for event in program.events where event.date >= today {
            let uid = ICalendar.uid(program.id, event: event.id)
            let version = Self.version(of: event)
            for person in Self.attendees(of: event, in: program, groups: groups)
            where !gone.contains(program.person(email: person.email)?.id ?? "") {
                let key = "\(uid) \(person.email.lowercased())"
                let earlier = try await log.records(.invitationSent, key: key)
                let versions = earlier.compactMap(Self.version(of:))
                if versions.contains(version) {
                    outcome.alreadySent += 1
                    continue
                }
                let sequence = Set(versions).count
                let sent = Sent(group: "event \(event.id)", meeting: 0, date: event.date, to: person, method: .request, sequence: sequence)
                outcome.sent.append(sent)
                guard !dryRun else { continue }
                try await mail.mailer.send(message(sent, event: event))
                let body =
                    (try? JSONSerialization.data(
                        withJSONObject: ["sequence": sequence, "method": "REQUEST", "version": version],
                        options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
                try await log.add(
                    JournalRecord(
                        program: program.id, kind: .invitationSent, key: key, person: person.email, at: Date(),
                        body: body))
            }
        }
    }

    /// Who of `event`'s invitees a run for `groups` reaches: everyone invited when `groups` is the
    /// whole program; otherwise only the invitees in those groups (not the coordinators).
    static func attendees(of event: ProgramEvent, in program: Program, groups: [ProgramGroup]) -> [ICalendar.Contact] {
        let everyone = ICalendar.attendees(of: event, in: program)
        guard groups.count != program.groups.count else { return everyone }
        let members = Set(groups.flatMap(\.members).compactMap { program.person($0)?.email?.lowercased() })
        return everyone.filter { members.contains($0.email.lowercased()) }
    }

    /// What an invitation to `event` was for: a change to any part sends an update.
    static func version(of event: ProgramEvent) -> String {
        "\(event.date) \(event.time) \(event.minutes) \(event.location ?? "")"
    }

    /// The version an invitation record says was sent.
    static func version(of record: JournalRecord) -> String? {
        (try? JSONSerialization.jsonObject(with: Data(record.body.utf8)) as? [String: Any])?["version"] as? String
    }

    /// The message for one invitation to a program event.
    func message(_ sent: Sent, event: ProgramEvent) -> MailMessage {
        let program = journal.program
        let kind = event.kind.rawValue
        let when = "\(event.date.weekdayName) \(event.date) at \(event.time)" + (program.timeZone.map { " (\($0))" } ?? "")
        let subject = (sent.sequence == 0 ? "Invitation: " : "Updated: ") + "\(program.name) \(kind), \(event.title), \(event.date)"
        var lines = [
            "Hello \(sent.to.name),", "",
            "You are invited to the program's \(kind) '\(event.title)' on \(when), \(event.minutes) minutes"
                + (event.location.map { ", \($0)" } ?? "") + ".",
        ]
        if let summary = event.summary { lines += ["", summary] }
        if !event.discuss.isEmpty {
            lines += ["", "At your next meeting after it, your group talks it over:"] + event.discuss.map { "- \($0)" }
        }
        var message = MailMessage(from: mail.from, to: sent.to.email, subject: subject, body: lines.joined(separator: "\n"))
        message.alternatives = [
            MailMessage.Part(
                contentType: "text/calendar; method=REQUEST; charset=utf-8",
                text: ICalendar.invitation(to: event, program: program, sequence: sent.sequence))
        ]
        return message
    }

    /// The method and SEQUENCE an invitation record says was sent (records before methods were
    /// kept were requests).
    static func sent(by record: JournalRecord) -> (method: ICalendar.Method, sequence: Int)? {
        guard let body = try? JSONSerialization.jsonObject(with: Data(record.body.utf8)) as? [String: Any],
            let sequence = body["sequence"] as? Int
        else { return nil }
        return ((body["method"] as? String).flatMap(ICalendar.Method.init(rawValue:)) ?? .request, sequence)
    }

    /// The message for one invitation: a few lines of text and the iTIP object.
    func message(_ sent: Sent, meeting: Meeting, of count: Int, group: ProgramGroup) -> MailMessage {
        let program = journal.program
        let when =
            "\(meeting.date.weekdayName) \(meeting.date) at \(meeting.time ?? program.time(for: group))"
            + (program.timeZone.map { " (\($0))" } ?? "")
        let place = meeting.location ?? program.location(for: group)
        let title = "\(program.name) · \(group.id): meeting \(meeting.number) of \(count)"
        let subject: String
        var lines = ["Hello \(sent.to.name),", ""]
        switch (sent.method, sent.sequence) {
        case (.cancel, _):
            subject = "Cancelled: \(title), \(meeting.date)"
            lines.append(
                "The mentoring meeting on \(when) is cancelled"
                    + (meeting.change?.reason.map { " (\($0))" } ?? "") + ". Its topics move to the next meeting.")
        case (_, 0):
            subject = "Invitation: \(title), \(meeting.date)"
            lines.append("You are invited to a mentoring meeting on \(when)" + (place.map { ", \($0)" } ?? "") + ".")
        default:
            subject = "Updated: \(title), now \(meeting.date)"
            lines.append(
                "The mentoring meeting has changed: it is now on \(when)" + (place.map { ", \($0)" } ?? "")
                    + (meeting.change?.reason.map { " (\($0))" } ?? "") + ".")
        }
        lines += [
            "", "Members: " + group.members.map(program.name(of:)).joined(separator: ", "),
            "", "Accept it in your calendar to keep the date. The agenda comes with the reminder a few days before.",
        ]
        var message = MailMessage(from: mail.from, to: sent.to.email, subject: subject, body: lines.joined(separator: "\n"))
        message.alternatives = [
            MailMessage.Part(
                contentType: "text/calendar; method=\(sent.method.rawValue); charset=utf-8",
                text: ICalendar.invitation(to: meeting, of: count, group: group, program: program))
        ]
        return message
    }
}
