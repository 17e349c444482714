import Foundation
import MentorCore

/// What every journal backend offers: SQLite through GRDB (``ProgressStore``, the embedded
/// default) and PostgreSQL through postgres-nio (for organizations that share one journal between
/// several servers or machines). Commands, the server and the tests talk to this protocol only; the
/// same test suite runs against both backends.
///
/// Two tables, both append-only (nothing is ever updated or deleted):
/// - `event`: what happened in a group (``ProgressEvent``), filed under the program's stable key
///   (``MentorCore/Program/id``), with the columns commands filter and sort on.
/// - `record`: what belongs to no group: sign-in tokens and their use, sessions and their end,
///   sign-in requests (for rate limits), attendance at program events, reminders sent. A token is
///   "used" and a session "ended" by adding a second record, never by changing the first.
public protocol Journal: Sendable {
    /// Where the journal is, for messages: a file path, or a `postgres://` URL without its password.
    var location: String { get }

    // MARK: Events

    /// Appends `events` in one transaction: all are stored, or none. Events whose id is already
    /// stored are skipped (importing an export twice adds nothing). Returns how many were added.
    @discardableResult
    func append(_ events: [ProgressEvent]) async throws(StoreError) -> Int

    /// Appends the event `make` builds from the next number of a per-group sequence (goals g1, g2,
    /// ...; actions a1, a2, ...): one more than the highest number among the group's events of
    /// `kind` whose item id is `prefix` and a number, and at least one more than how many such
    /// events there are. Numbering and inserting are one serialized transaction, so two processes
    /// or two machines adding at once never get the same number.
    func appendNumbered(
        program: String, group: String, kind: EventKind, prefix: String,
        make: @Sendable (Int) -> ProgressEvent
    ) async throws(StoreError) -> ProgressEvent

    /// Calls `body` with each event of `program` (of one group when `group` is given) in the order
    /// recorded, decoding rows as they are read, so that no more than one is held at a time. A row
    /// that can't be decoded is passed as `.failure` rather than stopping the read.
    func forEachEvent(
        program: String, group: String?,
        _ body: (Result<ProgressEvent, UnreadableEvent>) throws -> Void) async throws(StoreError)

    /// Calls `body` with each event of `program` (of one group when `group` is given) whose
    /// sequence number is above `after` and at most `through`, in the order recorded: how a cache
    /// brings states up to date by reading only what was recorded since, and knows exactly what
    /// they hold.
    func forEachEvent(
        program: String, group: String?, after: Int64, through: Int64,
        _ body: (Result<ProgressEvent, UnreadableEvent>) throws -> Void) async throws(StoreError)

    /// Calls `body` with each group of `program` whose id lies in `range` in turn (ordered by
    /// group id) and that group's events in the order recorded: one group's events in memory at a
    /// time, however large the journal. How whole-program reports fold every group without holding
    /// every event; ranges that split the groups (``GroupRange/split(_:into:)``) are read side by
    /// side, each on its own connection.
    func forEachGroup(
        program: String, in range: GroupRange,
        _ body: (_ group: String, _ events: [Result<ProgressEvent, UnreadableEvent>]) throws -> Void) async throws(StoreError)

    /// The highest sequence number of any event stored (0 when there is none). It only grows, with
    /// every append by any process or machine: what a cache of folded events is checked against.
    func latestSequence() async throws(StoreError) -> Int64

    /// ``latestSequence()`` and ``groups(program:after:)`` together: what a cache asks before
    /// every page. A journal on a database server answers both in one round trip; `groups` may
    /// name a group whose events came after `latest` (never one whose events it misses).
    func changes(program: String, after sequence: Int64) async throws(StoreError) -> (latest: Int64, groups: Set<String>)

    /// The groups of `program` with an event stored after sequence number `sequence`: what a cache
    /// of groups folded when ``latestSequence()`` was `sequence` must fold again.
    func groups(program: String, after sequence: Int64) async throws(StoreError) -> Set<String>

    /// How many events each program key has (for telling a user whose key changed where the history is).
    func programs() async throws(StoreError) -> [String: Int]

    /// Files every event of program key `old` under `new` (a program whose `id:` changed), after
    /// saving a copy of the journal where the backend can. Refused when `new` already has events.
    /// Returns how many events moved.
    func rekey(from old: String, to new: String) async throws(StoreError) -> Int

    // MARK: Records outside groups

    /// Adds `record`. With `unique`, a second record of the same kind and key is refused and this
    /// returns false (how a sign-in token is used once only, even by two servers at once).
    @discardableResult
    func addRecord(_ record: JournalRecord, unique: Bool) async throws(StoreError) -> Bool

    /// The records of `kind` with `key`, oldest first.
    func records(kind: RecordKind, key: String) async throws(StoreError) -> [JournalRecord]

    /// The records under `key` of any of `kinds`, in the order added: what a signed-in request
    /// asks about its session (started, and not ended) in one question.
    func records(key: String, kinds: [RecordKind]) async throws(StoreError) -> [JournalRecord]

    /// Every record of `kind`, oldest first (for kinds with few records, like ``RecordKind/programFile``).
    func records(kind: RecordKind) async throws(StoreError) -> [JournalRecord]

    /// How many records of `kind` (with `key`, when given) were made at or after `since`.
    func countRecords(kind: RecordKind, key: String?, since: Date) async throws(StoreError) -> Int
}

extension Journal {
    /// Asks ``records(kind:key:)`` for each of `kinds` in turn.
    public func records(key: String, kinds: [RecordKind]) async throws(StoreError) -> [JournalRecord] {
        var records: [JournalRecord] = []
        for kind in kinds { records += try await self.records(kind: kind, key: key) }
        return records
    }

    /// Asks ``latestSequence()``, then, when it moved past `sequence`, ``groups(program:after:)``.
    public func changes(program: String, after sequence: Int64) async throws(StoreError) -> (latest: Int64, groups: Set<String>) {
        let latest = try await latestSequence()
        guard latest > sequence else { return (latest, []) }
        return (latest, try await groups(program: program, after: sequence))
    }

    /// Calls `body` with every group of `program` and its events (``forEachGroup(program:in:_:)``
    /// over ``GroupRange/all``).
    public func forEachGroup(
        program: String,
        _ body: (_ group: String, _ events: [Result<ProgressEvent, UnreadableEvent>]) throws -> Void
    ) async throws(StoreError) {
        try await forEachGroup(program: program, in: .all, body)
    }

}

/// Group ids from ``from`` (included) up to ``before`` (excluded), compared byte by byte (UTF-8,
/// as SQLite's BINARY and PostgreSQL's "C" collation compare): a share of a program's groups that
/// one connection reads while another reads the next share.
public struct GroupRange: Sendable, Equatable, CustomStringConvertible {
    /// The first id in the range; nil for no lower bound.
    public var from: String?
    /// The first id after the range; nil for no upper bound.
    public var before: String?

    /// Every group.
    public static let all = GroupRange(from: nil, before: nil)

    /// The ids from `from` (included) up to `before` (excluded); nil leaves that side open.
    public init(from: String?, before: String?) {
        self.from = from
        self.before = before
    }

    /// Whether `group` is in the range.
    public func contains(_ group: String) -> Bool {
        (from.map { !Self.precedes(group, $0) } ?? true) && (before.map { Self.precedes(group, $0) } ?? true)
    }

    /// At most `count` ranges, in order, that together hold every id exactly once and split
    /// `groups` (the program file's ids) into shares of nearly equal size.
    public static func split(_ groups: [String], into count: Int) -> [GroupRange] {
        let ids = Array(Set(groups)).sorted(by: precedes)
        let count = min(count, ids.count)
        guard count > 1 else { return [.all] }
        let pivots = (1..<count).map { ids[$0 * ids.count / count] }
        return (0..<count).map { index in
            GroupRange(from: index == 0 ? nil : pivots[index - 1], before: index == count - 1 ? nil : pivots[index])
        }
    }

    /// Whether `a` sorts before `b` byte by byte (the order the journals' range queries use).
    public static func precedes(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    public var description: String { "[\(from.map { "'\($0)'" } ?? "start"), \(before.map { "'\($0)'" } ?? "end"))" }
}

/// A stored event that can't be decoded: its row, its id and why.
public struct UnreadableEvent: Error, Sendable, Equatable {
    /// The row's place in the journal.
    public var sequence: Int64
    /// The event's id (the row's `id` column), so that it can be voided.
    public var id: String
    /// The group it was recorded for.
    public var group: String
    /// Why it can't be read.
    public var detail: String

    /// Creates a description of an unreadable row.
    public init(sequence: Int64, id: String, group: String, detail: String) {
        self.sequence = sequence
        self.id = id
        self.group = group
        self.detail = detail
    }
}

/// The kinds of record that belong to no group.
public enum RecordKind: String, Sendable, Codable, CaseIterable {
    /// A one-time sign-in link was sent; `key` is the SHA-256 of the token, `expires` its end.
    case signInToken = "sign-in-token"
    /// A sign-in token was used (added `unique`); `key` is the token's hash.
    case signInUsed = "sign-in-used"
    /// Someone asked for a sign-in link; `key` is the address or client (for rate limits).
    case signInRequested = "sign-in-requested"
    /// A session started; `key` is the SHA-256 of the session cookie, `person` who it is.
    case session = "session"
    /// A session ended (signed out); `key` is the session's hash.
    case sessionEnded = "session-ended"
    /// Someone attended a program event (a workshop, an orientation); `key` is the program event's id.
    case attendance = "attendance"
    /// A reminder went out; `key` says which (so that it is sent once).
    case reminderSent = "reminder-sent"
    /// A private calendar feed (`/calendar/TOKEN.ics`) was made; `key` is the SHA-256 of the
    /// token, `person` the address it is for.
    case calendarFeed = "calendar-feed"
    /// A calendar feed was replaced or revoked; `key` is its token's hash.
    case calendarFeedRevoked = "calendar-feed-revoked"
    /// A calendar invitation went out; `key` is the meeting's UID and the address, `body` the
    /// event's SEQUENCE (a later change sends an update).
    case invitationSent = "invitation-sent"
    /// A program file recorded under a program key; `key` is the key, `body` has the file's
    /// absolute path and the program's name. How two files claiming one key, and a file whose key
    /// changed, are told apart from a new program.
    case programFile = "program-file"
}

/// Something recorded that belongs to no group. Append-only like events.
public struct JournalRecord: Sendable, Equatable, Codable {
    /// A unique id.
    public var id: String
    /// The program key it concerns, if any.
    public var program: String?
    /// What it is.
    public var kind: RecordKind
    /// What it is looked up by (a token's hash, an address, an event id).
    public var key: String
    /// The person it concerns (a person id or an email), if any.
    public var person: String?
    /// When it was made.
    public var at: Date
    /// When it stops counting (tokens, sessions), if ever.
    public var expires: Date?
    /// Anything else, as JSON text (an empty object when there is nothing).
    public var body: String

    /// Creates a record.
    public init(
        id: String = UUID().uuidString.lowercased(), program: String? = nil, kind: RecordKind, key: String,
        person: String? = nil, at: Date, expires: Date? = nil, body: String = "{}"
    ) {
        self.id = id
        self.program = program
        self.kind = kind
        self.key = key
        self.person = person
        self.at = at
        self.expires = expires
        self.body = body
    }
}

/// The rule every backend numbers goals and actions by (see ``Journal/appendNumbered(program:group:kind:prefix:make:)``),
/// in one place so that the journals and the recording code's guess agree.
public enum ItemNumbering {
    /// The next number after `items` (the item ids of a group's events of one kind): one more
    /// than the highest `prefix` + number among them, and at least one more than how many there are.
    public static func next(after items: [String?], prefix: String) -> Int {
        let highest = items.compactMap { item in item.flatMap { $0.hasPrefix(prefix) ? Int($0.dropFirst(prefix.count)) : nil } }.max() ?? 0
        return max(highest, items.count) + 1
    }
}
