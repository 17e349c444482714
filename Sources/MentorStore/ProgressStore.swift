import Foundation
import GRDB
import MentorCore

/// The progress journal: an append-only table of events in an SQLite file (WAL mode), shared
/// safely by several processes. Events are never updated or deleted; triggers refuse it.
public final class ProgressStore: Sendable {
    /// The file's path as given.
    public let path: String
    private let database: DatabasePool

    /// `PRAGMA application_id` of MentorKit journals ("MKPJ"), so foreign SQLite files are recognised.
    static let applicationID: Int32 = 0x4D4B_504A

    /// Opens the journal at `path`, creating it (and its folder) when missing.
    public init(path: String) throws(StoreError) {
        self.path = path
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw .io(path: path, detail: "its folder can't be created")
        }
        try Self.checkHeader(path)
        database = try Self.open(path)
        var attempt = 0
        while true {
            do {
                try migrate()
                break
            } catch .busy where attempt < 50 {
                attempt += 1
                Thread.sleep(forTimeInterval: 0.01 * Double(min(attempt, 10)))
            }
        }
    }

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

    /// The journal at `path` when the file exists; `nil` when it doesn't (reading commands
    /// shouldn't create one).
    public static func existing(path: String) throws(StoreError) -> ProgressStore? {
        FileManager.default.fileExists(atPath: path) ? try ProgressStore(path: path) : nil
    }

    // MARK: - Writing and reading

    /// Appends `events` in one transaction: all are stored, or none. Events whose id is already
    /// stored are skipped (importing an export twice adds nothing). Returns how many were added.
    @discardableResult
    public func append(_ events: [ProgressEvent]) throws(StoreError) -> Int {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
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

    /// Appends the event `make` builds from the next number in a per-group sequence: the number of
    /// events of `kind` the group already has, plus one. Counting and inserting happen in one
    /// IMMEDIATE transaction, so two processes adding at once get different numbers.
    public func appendNumbered(
        program: String, group: String, kind: String, make: @Sendable (Int) -> ProgressEvent
    ) throws(StoreError) -> ProgressEvent {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return try database.writeWithoutTransaction { db in
                var event: ProgressEvent?
                try db.inTransaction(.immediate) {
                    let count = try Int.fetchOne(
                        db, sql: "SELECT COUNT(*) FROM event WHERE program = ? AND groupID = ? AND kind = ?",
                        arguments: [program, group, kind]) ?? 0
                    let made = make(count + 1)
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

    /// The events of `program` (of one group when `group` is given), in the order recorded.
    public func events(program: String, group: String? = nil) throws(StoreError) -> [ProgressEvent] {
        let rows: [Row]
        do {
            rows = try database.read { db in
                if let group {
                    return try Row.fetchAll(db, sql: "SELECT seq, body FROM event WHERE program = ? AND groupID = ? ORDER BY seq",
                                            arguments: [program, group])
                }
                return try Row.fetchAll(db, sql: "SELECT seq, body FROM event WHERE program = ? ORDER BY seq", arguments: [program])
            }
        } catch {
            throw Self.map(error, path: path)
        }
        let decoder = JSONDecoder()
        var events: [ProgressEvent] = []
        events.reserveCapacity(rows.count)
        for row in rows {
            let sequence: Int64 = row["seq"]
            let body: String = row["body"]
            do {
                events.append(try decoder.decode(ProgressEvent.self, from: Data(body.utf8)))
            } catch {
                throw .unreadableEvent(path: path, sequence: sequence, detail: "\(error)")
            }
        }
        return events
    }

    /// The number of events stored for `program`.
    public func count(program: String) throws(StoreError) -> Int {
        do {
            return try database.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event WHERE program = ?", arguments: [program]) ?? 0
            }
        } catch {
            throw Self.map(error, path: path)
        }
    }

    // MARK: - Schema

    private func migrate() throws(StoreError) {
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
                PRAGMA application_id = \(Self.applicationID);
                """)
        }
        do {
            try database.write { db in
                let id = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                let tables = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations'") ?? 0
                if id != Self.applicationID, id != 0 || tables > 0 { throw StoreError.foreignDatabase(path) }
            }
            if try database.read({ db in try migrator.hasBeenSuperseded(db) }) { throw StoreError.newerFormat(path) }
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

    private static func map(_ error: any Error, path: String) -> StoreError {
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
