import Foundation
import MentorCore
import MentorStore

/// Reminders by email: each member hears of their meetings in the next few days (the agenda
/// attached as an HTML page), the group's actions overdue and a check-in due; each coordinator
/// hears which groups are at risk.
///
/// Every item a message tells is recorded in the journal (which person, which item), and a
/// message holds only items not told before, so a reminder is never sent twice and the command is
/// safe to run from cron every day. A meeting moved since it was told is told again. Private notes,
/// exit reasons and check-in answers are never in a message: members get the agenda and the
/// group's actions, coordinators the group ids and what puts them at risk.
public struct Reminders: Sendable {
    /// The program, its journal, and where messages go.
    public let mail: ProgramMail
    var journal: ProgramJournal { mail.journal }

    /// Creates a sender.
    public init(_ mail: ProgramMail) { self.mail = mail }

    /// One message that went out (or, in a dry run, would go).
    public struct Sent: Sendable, Equatable {
        /// Who it went to.
        public var to: ICalendar.Contact
        /// Its subject.
        public var subject: String
        /// What it tells, one line each ("meeting 3 of ruiz-lin on 2027-03-08", "action a2 overdue").
        public var items: [String]
    }

    /// What a run did.
    public struct Outcome: Sendable, Equatable {
        /// Messages sent, in order.
        public var sent: [Sent] = []
        /// Items left out because they were told before.
        public var alreadyTold = 0

        /// Nothing sent.
        public init() {}
    }

    /// One thing to tell one person, with the key that records it.
    struct Item {
        var key: String
        var line: String
        var text: [String]
        var attachment: MailMessage.Part?
    }

    /// Sends the reminders due on `today` for meetings in the next `days` days (today included).
    public func send(groups: [ProgramGroup], today: CalendarDate, days: Int, dryRun: Bool = false) async throws -> Outcome {
        var outcome = Outcome()
        var log = SentLog(journal)
        let program = journal.program
        var states: [String: GroupState] = [:]
        var byPerson: [String: (contact: ICalendar.Contact, items: [Item])] = [:]
        var order: [String] = []
        func add(_ item: Item, for contact: ICalendar.Contact) {
            let address = contact.email.lowercased()
            if byPerson[address] == nil { order.append(address) }
            byPerson[address, default: (contact, [])].items.append(item)
        }
        let last = today.adding(days: max(days, 1) - 1)
        var membership = Membership()
        for group in groups {
            let state = try await journal.ledger(of: group).state(of: group.id)
            states[group.id] = state
            membership.add(group, state)
            for item in try memberItems(group: group, state: state, today: today, last: last) {
                for person in ICalendar.attendees(of: state.remaining(of: group), in: program) { add(item, for: person) }
            }
        }
        let gone = membership.gone
        for event in program.events where event.date >= today && event.date <= last {
            let when = "\(event.date.weekdayName) \(event.date) at \(event.time)" + (program.timeZone.map { " (\($0))" } ?? "")
            var text = [
                "The program's \(event.kind.rawValue) '\(event.title)': \(when), \(event.minutes) minutes"
                    + (event.location.map { ", \($0)" } ?? "") + "."
            ]
            if let summary = event.summary { text.append(summary) }
            let item = Item(
                key: "event \(ICalendar.uid(program.id, event: event.id)) \(Invitations.version(of: event))",
                line: "\(event.kind.rawValue) \(event.id) on \(event.date)", text: text, attachment: nil)
            for person in Invitations.attendees(of: event, in: program, groups: groups)
            where !gone.contains(program.person(email: person.email)?.id ?? "") {
                add(item, for: person)
            }
        }
        if !program.coordinators.isEmpty {
            let report = try ProgramReport.make(
                program: program, builder: journal.builder, states: states, today: today,
                includePrivate: false)
            for group in report.groups where !group.risks.isEmpty && groups.contains(where: { $0.id == group.group }) {
                let item = Item(
                    key: "risk \(group.group) \(group.risks.joined(separator: "; "))",
                    line: "\(group.group) at risk", text: ["\(group.group): " + group.risks.joined(separator: "; ")],
                    attachment: nil)
                for coordinator in program.coordinators {
                    add(item, for: ICalendar.Contact(name: coordinator.name, email: coordinator.email))
                }
            }
        }
        for address in order {
            guard let (contact, items) = byPerson[address] else { continue }
            var new: [Item] = []
            for item in items {
                let key = "\(address) \(item.key)"
                let told = try await log.records(.reminderSent, key: key)
                if told.isEmpty { new.append(item) } else { outcome.alreadyTold += 1 }
            }
            guard !new.isEmpty else { continue }
            let message = self.message(to: contact, items: new)
            outcome.sent.append(Sent(to: contact, subject: message.subject, items: new.map(\.line)))
            guard !dryRun else { continue }
            try await mail.mailer.send(message)
            for item in new {
                try await log.add(
                    JournalRecord(
                        program: program.id, kind: .reminderSent, key: "\(address) \(item.key)",
                        person: contact.email, at: Date()), unique: true)
            }
        }
        return outcome
    }

    /// What the members of `group` are told: meetings from `today` to `last`, check-ins among
    /// them, and the group's actions overdue.
    func memberItems(group: ProgramGroup, state: GroupState, today: CalendarDate, last: CalendarDate) throws -> [Item] {
        guard !state.hasEnded else { return [] } // a group that ended has nothing coming
        let program = journal.program
        let progress = state.agendaProgress(program: program)
        let logged = Set(state.meetings.map(\.number))
        var items: [Item] = []
        let agendas = try journal.builder.agendas(for: group, progress: progress)
        for agenda in agendas where agenda.date >= today && agenda.date <= last && !agenda.isCancelled && !logged.contains(agenda.meeting) {
            let uid = ICalendar.uid(program.id, group.id, agenda.meeting)
            let when = "\(agenda.date.weekdayName) \(agenda.date) at \(agenda.time)" + (agenda.timeZone.map { " (\($0))" } ?? "")
            var text = [
                "Meeting \(agenda.meeting) of \(agenda.meetings) of \(group.id): \(when)" + (agenda.location.map { ", \($0)" } ?? "") + ".",
                "The agenda is attached.",
            ]
            if agenda.phase == .checkIn {
                text.append("This is the check-in: each of you rates how the partnership is going (1 to 5) and says what to change.")
            }
            items.append(
                Item(
                    key: "meeting \(uid) \(agenda.change?.sequence ?? 0)",
                    line: "meeting \(agenda.meeting) of \(group.id) on \(agenda.date)" + (agenda.phase == .checkIn ? " (check-in)" : ""),
                    text: text,
                    attachment: MailMessage.Part(
                        contentType: "text/html; charset=utf-8", text: AgendaRenderer.html(agenda),
                        fileName: "agenda-\(group.id)-\(agenda.meeting).html")))
        }
        for action in state.overdueActions(on: today) {
            let owner = action.owner.map { " (\(program.name(of: $0)))" } ?? ""
            items.append(
                Item(
                    key: "overdue \(group.id) \(action.id)", line: "action \(action.id) of \(group.id) overdue",
                    text: ["Overdue in \(group.id): \(action.text)\(owner), due \(action.due.map(\.description) ?? "")."],
                    attachment: nil))
        }
        return items
    }

    /// One message telling `items`.
    func message(to contact: ICalendar.Contact, items: [Item]) -> MailMessage {
        let program = journal.program
        let meetings = items.filter { $0.attachment != nil }.count
        let events = items.filter { $0.key.hasPrefix("event ") }.count
        let subject: String
        if meetings == 0, events > 0 {
            subject = "Reminder: \(program.name), " + (events == 1 ? "a program event" : "\(events) program events") + " coming up"
        } else if meetings > 0 {
            subject = "Reminder: \(program.name), " + (meetings == 1 ? "a meeting" : "\(meetings) meetings") + " coming up"
        } else if items.allSatisfy({ $0.key.hasPrefix("risk ") }) {
            subject = "\(program.name): " + (items.count == 1 ? "1 group" : "\(items.count) groups") + " at risk"
        } else {
            subject = "Reminder: \(program.name), " + (items.count == 1 ? "an action" : "\(items.count) actions") + " overdue"
        }
        var lines = ["Hello \(contact.name),", ""]
        for item in items { lines += item.text + [""] }
        if items.contains(where: { $0.key.hasPrefix("risk ") }) {
            lines.append(
                "A group is at risk when it has not met for twice its cadence, missed its last two meetings, "
                    + "skipped a check-in or has actions overdue. The program's report has the details.")
        }
        var message = MailMessage(from: mail.from, to: contact.email, subject: subject, body: lines.joined(separator: "\n"))
        message.attachments = items.compactMap(\.attachment)
        return message
    }
}
