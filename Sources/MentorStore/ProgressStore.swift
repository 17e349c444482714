import Foundation
import GRDB
import MentorCore

/// The progress journal: an append-only table of events in an SQLite file (WAL mode), shared
/// safely by several processes. Events are never updated or deleted; triggers refuse it.
///
/// A journal opened with ``init(path:createFolder:)`` records and reads; one opened with
/// ``init(readingAt:)`` only reads, and never writes to the file or beside it.
public final class ProgressStore: Sendable {
    /// The file's path as given.
    public let path: String
    /// The connections of a journal opened for writing; nil for one opened read-only.
    private let pool: DatabasePool?

    /// `PRAGMA application_id` of MentorKit journals ("MKPJ"), so foreign SQLite files are recognised.
    static let applicationID: Int32 = 0x4D4B_504A

    /// Opens the journal at `path` for recording, creating it when missing (and its folder too,
    /// unless `createFolder` is false). A file that is damaged, foreign or newer is refused before
    /// anything is written to it.
    public init(path: String, createFolder: Bool = true) throws(StoreError) {
        self.path = path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        if createFolder {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                if let closed = ReadOnlyJournal.closedFolder(above: path) { throw .notPermitted(path: closed, what: "the folder") }
                throw .io(path: path, detail: "its folder can't be created")
            }
        }
        try Self.checkWritable(path)
        try Self.checkHeader(path)
        if let state = ReadOnlyJournal.state(path), state.size > 0 {
            try Self.retryingBusy { () throws(StoreError) in
                try ReadOnlyJournal.read(path) { db in try Self.checkFormat(db, path: path) }
            }
        }
        pool = try Self.open(path)
        try Self.retryingBusy { () throws(StoreError) in try migrate() }
    }

    /// Runs `body` again while it fails because another process holds the lock for a moment.
    private static func retryingBusy(_ body: () throws(StoreError) -> Void) throws(StoreError) {
        var attempt = 0
        while true {
            do {
                return try body()
            } catch .busy where attempt < 50 {
                attempt += 1
                Thread.sleep(forTimeInterval: 0.01 * Double(min(attempt, 10)))
            }
        }
    }

    /// Opens an existing journal for reading only. Nothing is written, to the file or beside it
    /// (see `ReadOnlyJournal`), so read-only media and other users' journals can be read.
    /// Throws `.missing` when there is no file, `.notPermitted` when it or a folder on its path
    /// can't be read, and `.notADatabase`, `.foreignDatabase` or `.newerFormat` for a file that
    /// isn't a journal this version can read (left exactly as it was).
    public init(readingAt path: String) throws(StoreError) {
        self.path = path
        pool = nil
        try ReadOnlyJournal.checkReadable(path)
        try Self.checkHeader(path)
        try ReadOnlyJournal.read(path) { db in try Self.checkFormat(db, path: path) }
    }

    /// True when this journal was opened read-only.
    public var isReadOnly: Bool { pool == nil }

    /// Opens the pool, retrying while another process holds the lock.
    ///
    /// The busy timeout makes ordinary writers wait their turn, but SQLite does not call the busy
    /// handler everywhere: switching a brand-new file to WAL, or a read turning into a write, while
    /// other processes open it can fail at once with "database is locked" (seen with 8 processes
    /// creating one journal on a loaded machine). Those races last milliseconds, so a few short
    /// retries (here and around the migration) settle them.
    private static func open(_ path: String) throws(StoreError) -> DatabasePool {
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)  // writers from other processes wait their turn
        var attempt = 0
        while true {
            do {
                return try DatabasePool(path: path, configuration: configuration)
            } catch let error as DatabaseError where (error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED) && attempt < 50 {
                attempt += 1
                Thread.sleep(forTimeInterval: 0.01 * Double(min(attempt, 10)))
            } catch {
                throw map(error, path: path)
            }
        }
    }

    // MARK: - Writing

    /// The pool for writing, or an error for a journal opened read-only.
    private func writer() throws(StoreError) -> DatabasePool {
        guard let pool else { throw .io(path: path, detail: "it was opened read-only") }
        return pool
    }

    /// Appends `events` in one transaction: all are stored, or none. Events whose id is already
    /// stored are skipped (importing an export twice adds nothing). Returns how many were added.
    @discardableResult
    public func append(_ events: [ProgressEvent]) throws(StoreError) -> Int {
        let database = try writer()
        let encoder = Self.encoder
        do {
            let rows = try events.map { event in (event, String(decoding: try encoder.encode(event), as: UTF8.self)) }
            return try database.write { db in
                let insert = try db.cachedStatement(
                    sql: "INSERT OR IGNORE INTO event (id, program, groupID, kind, date, body) VALUES (?, ?, ?, ?, ?, ?)")
                var added = 0
                for (event, json) in rows {
                    try insert.execute(arguments: [event.id, event.program, event.group, event.kind, event.date.description, json])
                    added += db.changesCount
                }
                return added
            }
        } catch {
            throw Self.map(error, path: path)
        }
    }

    /// Appends the event `make` builds from the next number in a per-group sequence: one more than
    /// the highest number among the group's events of `kind` whose `details.<field>` is `prefix`
    /// and a number (g1, g2, ...), and at least one more than how many such events there are.
    /// Counting and inserting happen in one IMMEDIATE transaction, so two processes adding at once
    /// get different numbers; numbers of voided events are never given again.
    public func appendNumbered(
        program: String, group: String, kind: String, field: String, prefix: String,
        make: @Sendable (Int) -> ProgressEvent
    ) throws(StoreError) -> ProgressEvent {
        let database = try writer()
        let encoder = Self.encoder
        let path = self.path
        do {
            return try database.writeWithoutTransaction { db in
                var event: ProgressEvent?
                try db.inTransaction(.immediate) {
                    let taken = try String?.fetchAll(
                        db, sql: "SELECT json_extract(body, ?) FROM event WHERE program = ? AND groupID = ? AND kind = ?",
                        arguments: ["$.details.\(field)", program, group, kind])
                    let highest = taken.compactMap { $0?.hasPrefix(prefix) == true ? Int($0?.dropFirst(prefix.count) ?? "") : nil }.max() ?? 0
                    let made = make(max(highest, taken.count) + 1)
                    try db.execute(
                        sql: "INSERT INTO event (id, program, groupID, kind, date, body) VALUES (?, ?, ?, ?, ?, ?)",
                        arguments: [made.id, made.program, made.group, made.kind, made.date.description,
                                    String(decoding: try encoder.encode(made), as: UTF8.self)])
                    event = made
                    return .commit
                }
                guard let event else { throw StoreError.io(path: path, detail: "the event was not written") }
                return event
            }
        } catch {
            throw Self.map(error, path: path)
        }
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    // MARK: - Reading

    /// Runs `body` on a connection that only reads.
    private func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        guard let pool else { return try ReadOnlyJournal.read(path, body) }
        do {
            return try pool.read(body)
        } catch {
            throw Self.map(error, path: path)
        }
    }

    /// A stored event that can't be decoded: its row, its id and why.
    public struct UnreadableEvent: Sendable, Equatable {
        /// The row's place in the journal.
        public var sequence: Int64
        /// The event's id (the row's `id` column), so that it can be voided.
        public var id: String
        /// The group it was recorded for.
        public var group: String
        /// Why it can't be read.
        public var detail: String
    }

    /// The events of `program` (of one group when `group` is given) in the order recorded, and the
    /// rows that can't be decoded, which are reported rather than stopping every later command.
    public func contents(program: String, group: String? = nil) throws(StoreError) -> (events: [ProgressEvent], unreadable: [UnreadableEvent]) {
        // Rows are decoded as the cursor reads them, so a million rows are never all in memory at once.
        try read { db in
            var events: [ProgressEvent] = []
            var unreadable: [UnreadableEvent] = []
            guard try db.tableExists("event") else { return (events, unreadable) }
            let rows = group == nil
                ? try Row.fetchCursor(db, sql: "SELECT seq, id, groupID, body FROM event WHERE program = ? ORDER BY seq", arguments: [program])
                : try Row.fetchCursor(db, sql: "SELECT seq, id, groupID, body FROM event WHERE program = ? AND groupID = ? ORDER BY seq",
                                      arguments: [program, group])
            let decoder = JSONDecoder()
            while let row = try rows.next() {
                let (id, groupID): (String, String) = (row["id"], row["groupID"])
                do {
                    let body: String = row["body"]
                    let event = try decoder.decode(ProgressEvent.self, from: Data(body.utf8))
                    guard event.id == id, event.program == program, event.group == groupID else {
                        throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "its columns and its body disagree"))
                    }
                    events.append(event)
                } catch {
                    unreadable.append(UnreadableEvent(sequence: row["seq"], id: id, group: groupID, detail: Self.explain(error)))
                }
            }
            return (events, unreadable)
        }
    }

    /// The events of `program` (of one group when `group` is given), in the order recorded.
    /// Throws `.unreadableEvent` for the first row that can't be decoded.
    public func events(program: String, group: String? = nil) throws(StoreError) -> [ProgressEvent] {
        let (events, unreadable) = try contents(program: program, group: group)
        if let first = unreadable.first { throw .unreadableEvent(path: path, sequence: first.sequence, detail: first.detail) }
        return events
    }

    /// The number of events stored for `program`.
    public func count(program: String) throws(StoreError) -> Int {
        try read { db in
            guard try db.tableExists("event") else { return 0 }
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event WHERE program = ?", arguments: [program]) ?? 0
        }
    }

    /// Whether the journal holds any event of `program` (a look in the index, nothing decoded).
    public func hasEvents(program: String) throws(StoreError) -> Bool {
        try read { db in
            guard try db.tableExists("event") else { return false }
            return try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM event WHERE program = ?)", arguments: [program]) ?? false
        }
    }

    /// How many events each program has, by the program names recorded (for telling a user whose
    /// program was renamed where its history went).
    public func programs() throws(StoreError) -> [String: Int] {
        try read { db in
            guard try db.tableExists("event") else { return [:] }
            let rows = try Row.fetchAll(db, sql: "SELECT program, COUNT(*) AS n FROM event GROUP BY program")
            return Dictionary(rows.map { ($0["program"] as String, $0["n"] as Int) }, uniquingKeysWith: +)
        }
    }

    // MARK: - Schema

    private static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: events") { db in
            try db.execute(sql: """
                CREATE TABLE event (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    program TEXT NOT NULL,
                    groupID TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    date TEXT NOT NULL,
                    body TEXT NOT NULL
                );
                CREATE INDEX event_by_group ON event(program, groupID, seq);
                CREATE TRIGGER event_no_update BEFORE UPDATE ON event
                    BEGIN SELECT RAISE(ABORT, 'the progress journal is append-only'); END;
                CREATE TRIGGER event_no_delete BEFORE DELETE ON event
                    BEGIN SELECT RAISE(ABORT, 'the progress journal is append-only'); END;
                PRAGMA application_id = \(ProgressStore.applicationID);
                """)
        }
        return migrator
    }()

    /// Refuses another application's database, and one written by a newer MentorKit. Only reads.
    private static func checkFormat(_ db: Database, path: String) throws {
        let id = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        let tables = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations'") ?? 0
        if id != applicationID, id != 0 || tables > 0 { throw StoreError.foreignDatabase(path) }
        if try db.tableExists("grdb_migrations"), try migrator.hasBeenSuperseded(db) { throw StoreError.newerFormat(path) }
    }

    private func migrate() throws(StoreError) {
        let database = try writer()
        let migrator = Self.migrator
        let path = self.path
        do {
            try database.read { db in try Self.checkFormat(db, path: path) }
            do {
                try migrator.migrate(database)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_ERROR {
                // GRDB's migrator decides what to run before the migration's transaction starts,
                // so two processes creating one journal can both try "v1" and the second fails
                // ("table event already exists"). If the other one completed it, all is well.
                guard try database.read({ db in try migrator.hasCompletedMigrations(db) }) else { throw error }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.map(error, path: path)
        }
    }

    /// Refuses a file that exists but doesn't start like an SQLite database, before SQLite sees it.
    private static func checkHeader(_ path: String) throws(StoreError) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return }  // missing: it will be created
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        if header.isEmpty { return }  // an empty file becomes a new journal
        if header != Data("SQLite format 3\0".utf8) { throw .notADatabase(path) }
    }

    /// Refuses, before SQLite opens it for writing, a journal this user may only read: SQLite would
    /// open it read-only without a word and fail at the first write.
    private static func checkWritable(_ path: String) throws(StoreError) {
        guard FileManager.default.fileExists(atPath: path) else {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            if !FileManager.default.isWritableFile(atPath: folder) {
                throw .io(path: path, detail: "its folder '\(folder)' is read-only for you, so no journal can be started there")
            }
            return
        }
        if !FileManager.default.isWritableFile(atPath: path) {
            throw .io(path: path, detail: "it is read-only for you; reading commands (agenda, progress, report, export) "
                + "still work, recording needs write access")
        }
    }

    static func explain(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .dataCorrupted(let context), .keyNotFound(_, let context), .typeMismatch(_, let context), .valueNotFound(_, let context):
            return context.debugDescription
        @unknown default:
            return "\(error)"
        }
    }

    static func map(_ error: any Error, path: String) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_NOTADB, .SQLITE_CORRUPT: return .notADatabase(path)
            case .SQLITE_BUSY, .SQLITE_LOCKED: return .busy(path)
            default: return .io(path: path, detail: error.message ?? "\(error.resultCode)")
            }
        }
        return .io(path: path, detail: "\(error)")
    }
}
