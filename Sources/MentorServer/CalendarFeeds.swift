import Foundation
import Hummingbird
import MentorCore
import MentorStore

/// Private calendar subscriptions: each person may make a link, `/calendar/TOKEN.ics`, that a
/// calendar app subscribes to. It lists their meetings in every served program (moved and
/// cancelled ones as the journal has them, so a refresh moves the event: same UID, higher
/// SEQUENCE) and the program events they are invited to. The token is random and kept only as its
/// SHA-256, so it is shown once, when made; making a new one revokes the old.
struct CalendarFeeds: Sendable {
    let journal: any Journal
    let programs: [ServedProgram]

    /// A new feed token for `email`; earlier feeds of that address stop working.
    func make(for email: String, at date: Date) async throws -> String {
        let address = email.lowercased()
        for old in try await active(for: address) {
            _ = try await journal.addRecord(JournalRecord(kind: .calendarFeedRevoked, key: old.key, at: date), unique: true)
        }
        let token = SignIn.randomToken()
        _ = try await journal.addRecord(
            JournalRecord(kind: .calendarFeed, key: SignIn.hash(token), person: address, at: date),
            unique: true)
        return token
    }

    /// The feeds of `email` still working.
    func active(for email: String) async throws -> [JournalRecord] {
        let address = email.lowercased()
        var working: [JournalRecord] = []
        for record in try await journal.records(kind: .calendarFeed) where record.person == address {
            if try await journal.records(kind: .calendarFeedRevoked, key: record.key).isEmpty { working.append(record) }
        }
        return working
    }

    /// The calendar behind `token`, or nil when no working feed has it.
    func calendar(token: String) async throws -> String? {
        let key = SignIn.hash(token)
        guard let feed = try await journal.records(kind: .calendarFeed, key: key).first, let email = feed.person,
            try await journal.records(kind: .calendarFeedRevoked, key: key).isEmpty
        else { return nil }
        var entries: [(program: Program, schedules: [(group: ProgramGroup, meetings: [Meeting])], events: [ProgramEvent])] = []
        for served in programs {
            let program = served.program
            guard let person = program.person(email: email) else { continue }
            var schedules: [(group: ProgramGroup, meetings: [Meeting])] = []
            for group in program.groups(of: person.id) {
                let state = try await served.journal.ledger(of: group).state(of: group.id)
                guard state.exit == nil, state.departure(of: person.id) == nil else { continue } // nothing more to attend
                let changes = state.agendaProgress(program: program).scheduleChanges
                schedules.append((state.remaining(of: group), try await served.schedule(for: group, changes: changes)))
            }
            let events = program.events.filter { program.invitees(of: $0).contains(person.id) }
            entries.append((program, schedules, events))
        }
        return ICalendar.calendar(programs: entries)
    }
}
