import Foundation
import MentorCore
import MentorStore

/// What the program's mail is sent with: the program and its journal, where messages go, and
/// who they come from. ``Invitations`` and ``Reminders`` both send through one.
public struct ProgramMail: Sendable {
    /// The program and its journal.
    public let journal: ProgramJournal
    /// Where messages go: the same delivery as `mentor serve`'s sign-in links.
    public let mailer: Mailer
    /// The `From:` of each message.
    public let from: String

    /// Creates the mail of `journal`'s program.
    public init(journal: ProgramJournal, mailer: Mailer, from: String) {
        self.journal = journal
        self.mailer = mailer
        self.from = from
    }
}

/// What was sent, as the journal keeps it: read from the journal as it was opened, and recorded
/// in it opened for writing, which happens at the first record, so a run that sends nothing
/// makes no journal.
struct SentLog {
    let journal: ProgramJournal
    private var writer: (any Journal)?

    init(_ journal: ProgramJournal) { self.journal = journal }

    /// The records of `kind` under `key`.
    func records(_ kind: RecordKind, key: String) async throws -> [JournalRecord] {
        if let writer { return try await writer.records(kind: kind, key: key) }
        return try await journal.journal?.records(kind: kind, key: key) ?? []
    }

    /// Records `record` (see ``Journal/addRecord(_:unique:)``).
    mutating func add(_ record: JournalRecord, unique: Bool = false) async throws {
        let journal: any Journal
        if let writer { journal = writer } else { journal = try await self.journal.journalForRecording() }
        writer = journal
        _ = try await journal.addRecord(record, unique: unique)
    }
}

/// Who is still in a group and who left one (or was in a group that ended), over the groups a
/// run reads: people only in the second set get no program-event invitations or reminders.
struct Membership {
    private var active: Set<String> = []
    private var inactive: Set<String> = []

    /// Takes in `group` as `state` has it.
    mutating func add(_ group: ProgramGroup, _ state: GroupState) {
        if state.hasEnded {
            inactive.formUnion(group.members)
        } else {
            active.formUnion(state.remaining(of: group).members)
            inactive.formUnion(state.departures.map(\.person))
        }
    }

    /// People who left every group of theirs that was read.
    var gone: Set<String> { inactive.subtracting(active) }
}
