import Foundation
import GRDB
import MentorCore

/// The progress journal in an SQLite file (WAL mode), shared safely by several processes: the
/// embedded default backend of ``Journal``. Rows are never updated or deleted; triggers refuse it.
///
/// A journal opened with ``init(path:createFolder:legacyKeys:)`` records and reads; one opened with
/// ``init(readingAt:legacyKeys:)`` only reads, and never writes to the file or beside it; tests
/// inject any GRDB writer with ``init(writer:location:legacyKeys:)`` (``inMemory()``).
///
/// Calls block the calling thread for as long as SQLite takes (milliseconds for one group): the
/// protocol's `async` requirements are met by synchronous methods.
public final class ProgressStore: Journal {
    /// Where the journal is: its file's path as given, or `:memory:`.
    public let location: String
    /// The file's path as given (the same as ``location``).
    public var path: String { location }
    /// The connections of a journal opened for writing; nil for one opened read-only.
    private let database: (any DatabaseWriter)?
    /// Program keys of a v1 journal (read as it is): its rows are filed under program names, so
    /// reading program `id` reads the rows of `legacyKeys[id]` (the program's name).
    private let legacyKeys: [String: String]
    /// Whether the journal read is in the v1 format (only for journals opened read-only).
    private let readsV1: Bool

    /// `PRAGMA application_id` of MentorKit journals ("MKPJ"), so foreign SQLite files are recognised.
    static let applicationID: Int32 = 0x4D4B_504A

    /// Opens the journal at `path` for recording, creating it when missing (and its folder too,
    /// unless `createFolder` is false). A file that is damaged, foreign or newer is refused before
    /// anything is written to it.
    ///
    /// A journal in an older format is migrated in place, in one transaction, after a copy of it
    /// is saved beside it (``backupPath``). `legacyKeys` maps program keys to the names their
    /// events were filed under before programs had keys (v1): those events are re-keyed, when the
    /// key has no events yet.
    public convenience init(path: String, createFolder: Bool = true, legacyKeys: [String: String] = [:]) throws(StoreError) {
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
        var needsBackup = false
        if let state = ReadOnlyJournal.state(path), state.size > 0 {
            try Self.retryingBusy { () throws(StoreError) in
                needsBackup = try ReadOnlyJournal.read(path) { db in
                    try Self.checkFormat(db, path: path)
                    return try Self.needsMigration(db, legacyKeys: legacyKeys)
                }
            }
        }
        let pool = try Self.open(path)
        let backup = needsBackup ? try Self.backUp(pool, path: path) : nil
        try self.init(writer: pool, location: path, legacyKeys: legacyKeys, backup: backup)
    }

    /// Opens the journal at `path`, which exists in the current format (``opensUnchanged()``),
    /// for one bulk append (``append(checked:record:uncheckedBytes:)``) that leaves it byte for
    /// byte as it was when it is rolled back. One connection, not a pool: opening a `DatabasePool`
    /// writes to a journal whose `-wal` is missing or empty (GRDB creates and drops a table to
    /// make one), which a refused import must not do.
    public convenience init(appendingTo path: String) throws(StoreError) {
        try Self.checkWritable(path)
        try Self.checkHeader(path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") } // as the pool's connections
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw Self.map(error, path: path)
        }
        try self.init(writer: queue, location: path, legacyKeys: [:], backup: nil)
    }

    /// A journal on `writer` (a `DatabasePool` on a file, a `DatabaseQueue` in memory for tests),
    /// migrated to the current format. `location` names it in messages.
    public convenience init(writer: any DatabaseWriter, location: String, legacyKeys: [String: String] = [:]) throws(StoreError) {
        try self.init(writer: writer, location: location, legacyKeys: legacyKeys, backup: nil)
    }

    private init(writer: any DatabaseWriter, location: String, legacyKeys: [String: String], backup: String?) throws(StoreError) {
        self.location = location
        database = writer
        self.legacyKeys = legacyKeys
        readsV1 = false
        self.backup = backup
        try Self.retryingBusy { () throws(StoreError) in try migrate() }
    }

    /// The copy of the journal saved before opening it migrated it (an older format, or a program's
    /// events re-keyed), or nil when nothing was migrated.
    public let backup: String?

    /// An empty journal in memory (for tests and throwaway runs).
    public static func inMemory() throws(StoreError) -> ProgressStore {
        do {
            return try ProgressStore(writer: try DatabaseQueue(), location: ":memory:")
        } catch let error as StoreError {
            throw error
        } catch {
            throw map(error, path: ":memory:")
        }
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
    /// (see `ReadOnlyJournal`), so read-only media and other users' journals can be read; a journal
    /// in an older format is read as it is (`legacyKeys` as for ``init(path:createFolder:legacyKeys:)``).
    /// Throws `.missing` when there is no file, `.notPermitted` when it or a folder on its path
    /// can't be read, and `.notADatabase`, `.foreignDatabase` or `.newerFormat` for a file that
    /// isn't a journal this version can read (left exactly as it was).
    public init(readingAt path: String, legacyKeys: [String: String] = [:]) throws(StoreError) {
        location = path
        database = nil
        backup = nil
        self.legacyKeys = legacyKeys
        try ReadOnlyJournal.checkReadable(path)
        try Self.checkHeader(path)
        readsV1 = try ReadOnlyJournal.read(path) { db in
            try Self.checkFormat(db, path: path)
            return try JournalSchema.isV1(db)
        }
    }

    /// Whether opening this journal for recording leaves its file as it is: it exists, in the
    /// current format, and no program's events are still filed under its v1 name. A bulk append
    /// that starts before its events are all checked (``append(checked:record:)``) is only made
    /// into such a journal, so that a refused import changes nothing.
    public func opensUnchanged() throws(StoreError) -> Bool {
        let legacyKeys = self.legacyKeys
        return try read { db in
            guard try db.tableExists("event"), try JournalSchema.migrator.hasCompletedMigrations(db) else { return false }
            return try !Self.needsMigration(db, legacyKeys: legacyKeys)
        }
    }

    /// True when this journal was opened read-only.
    public var isReadOnly: Bool { database == nil }

    /// Opens the pool, retrying while another process holds the lock.
    ///
    /// The busy timeout makes ordinary writers wait their turn, but SQLite does not call the busy
    /// handler everywhere: switching a brand-new file to WAL, or a read turning into a write, while
    /// other processes open it can fail at once with "database is locked" (seen with 8 processes
    /// creating one journal on a loaded machine). Those races last milliseconds, so a few short
    /// retries (here and around the migration) settle them.
    private static func open(_ path: String) throws(StoreError) -> DatabasePool {
        var configuration = Configuration()
        configuration.busyMode = .timeout(30) // writers from other processes wait their turn
        var attempt = 0
        while true {
            do {
                return try DatabasePool(path: path, configuration: configuration)
            } catch let error as DatabaseError
                where (error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED) && attempt < 50
            {
                attempt += 1
                Thread.sleep(forTimeInterval: 0.01 * Double(min(attempt, 10)))
            } catch {
                throw map(error, path: path)
            }
        }
    }

    // MARK: - Writing events

    /// The database for writing, or an error for a journal opened read-only.
    private func writer() throws(StoreError) -> any DatabaseWriter {
        guard let database else { throw .io(path: location, detail: "it was opened read-only") }
        return database
    }

    /// Runs `body` in a write transaction, mapping errors.
    private func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        let database = try writer()
        do {
            return try database.write(body)
        } catch {
            throw Self.map(error, path: location)
        }
    }

    /// Inserts one event row (its columns and its JSON body).
    private static func insert(_ event: ProgressEvent, into db: Database, ignoringDuplicates: Bool) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT \(ignoringDuplicates ? "OR IGNORE " : "")INTO event (id, program, groupID, kind, date, meeting, item, body)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
        try statement.execute(arguments: BulkRows.arguments(event))
    }

    @discardableResult
    public func append(_ events: [ProgressEvent]) throws(StoreError) -> Int {
        if events.count >= BulkRows.threshold { return try appendInBulk(events) }
        return try write { db in
            var added = 0
            for event in events {
                try Self.insert(event, into: db, ignoringDuplicates: true)
                added += db.changesCount
            }
            return added
        }
    }

    /// Appends many events (an import) in one transaction: their rows are made (columns and JSON
    /// body) on another thread while SQLite inserts the rows made before, and SQLite's page cache
    /// is raised for the transaction, so that the index on event ids (random UUIDs) stays in
    /// memory instead of being written out and read back as it grows.
    private func appendInBulk(_ events: [ProgressEvent]) throws(StoreError) -> Int {
        try write { db in
            let previous = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
            try db.execute(sql: "PRAGMA cache_size = \(-BulkRows.cacheKiB)")
            defer { try? db.execute(sql: "PRAGMA cache_size = \(previous)") }
            let inserter = try RowInserter(db)
            var added = 0
            try BulkRows(events).forEachChunk { chunk in added += try inserter.insert(chunk) }
            return added
        }
    }

    /// Appends the runs of events `feed` hands over while its checker checks the rest of an import
    /// (``CheckedFeed``), and `record` after them (the program file's claim on its key, when new),
    /// in one transaction. Returns how many events were new, or nil when the check failed: then the
    /// transaction is rolled back and nothing was written.
    ///
    /// Nothing reaches the file, `-wal` included, before the check has passed: SQLite keeps the
    /// transaction's pages in its cache (``BulkRows/cacheKiB``) rather than spilling them to the
    /// `-wal`, and the inserts wait for the check once they would fill the cache. The check is far
    /// quicker than the inserts, so they seldom wait; once it has passed, the cache spills as usual.
    ///
    /// `uncheckedBytes` is how many bytes of rows (roughly) are inserted before the inserts wait
    /// for the check to end (tests set it low).
    public func append(
        checked feed: CheckedFeed, record: JournalRecord? = nil, uncheckedBytes: Int = ProgressStore.uncheckedBytes
    ) throws(StoreError) -> Int? {
        let database = try writer()
        defer { feed.close() }
        do {
            return try database.write { db in
                let previous = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
                try db.execute(sql: "PRAGMA cache_size = \(-BulkRows.cacheKiB)")
                try db.execute(sql: "PRAGMA cache_spill = OFF")
                defer {
                    try? db.execute(sql: "PRAGMA cache_spill = ON")
                    try? db.execute(sql: "PRAGMA cache_size = \(previous)")
                }
                let inserter = try RowInserter(db)
                var (added, held, spilling) = (0, 0, false)
                try BulkRows(feed: feed).forEachChunk { chunk in
                    if !spilling {
                        // A row takes about its body's bytes and 150 more, with the indexes (388 MB for the
                        // million events of make_journal.py, 262 MB of bodies): this many wait for the check.
                        if feed.state == .checking && held > uncheckedBytes {
                            guard feed.settled() else { throw CheckedFeed.Refused() }
                        }
                        if feed.state == .passed {
                            try db.execute(sql: "PRAGMA cache_spill = ON")
                            spilling = true
                        }
                    }
                    added += try inserter.insert(chunk)
                    held += chunk.bytes + 150 * chunk.count
                }
                if let record { try Self.insert(record, into: db, unique: false) }
                return added
            }
        } catch is CheckedFeed.Refused {
            return nil
        } catch {
            throw Self.map(error, path: location)
        }
    }

    /// How many bytes of rows (roughly) a bulk append of events still being checked inserts before
    /// it waits for the check: within ``BulkRows/cacheKiB`` (pages are not spilled to the `-wal`
    /// before the check has passed in any case; past the cache they are held in memory).
    public static let uncheckedBytes = BulkRows.cacheKiB * 1024 * 3 / 4

    public func appendNumbered(
        program: String, group: String, kind: EventKind, prefix: String,
        make: @Sendable (Int) -> ProgressEvent
    ) throws(StoreError) -> ProgressEvent {
        let database = try writer()
        do {
            // IMMEDIATE: the write lock is taken before counting, so two processes can't both count.
            return try database.writeWithoutTransaction { db in
                var made: ProgressEvent?
                try db.inTransaction(.immediate) {
                    let taken = try String?.fetchAll(
                        db, sql: "SELECT item FROM event WHERE program = ? AND groupID = ? AND kind = ?",
                        arguments: [program, group, kind.rawValue])
                    let event = make(ItemNumbering.next(after: taken, prefix: prefix))
                    try Self.insert(event, into: db, ignoringDuplicates: false)
                    made = event
                    return .commit
                }
                guard let made else { throw StoreError.io(path: location, detail: "the event was not written") }
                return made
            }
        } catch {
            throw Self.map(error, path: location)
        }
    }

    // MARK: - Reading events

    /// Runs `body` on a connection that only reads.
    private func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        guard let database else { return try ReadOnlyJournal.read(location, body) }
        do {
            return try database.read(body)
        } catch {
            throw Self.map(error, path: location)
        }
    }

    /// The key `program`'s rows are filed under in this journal.
    private func storedKey(_ program: String) -> String { readsV1 ? legacyKeys[program] ?? program : program }

    public func forEachEvent(
        program: String, group: String?,
        _ body: (Result<ProgressEvent, UnreadableEvent>) throws -> Void
    ) throws(StoreError) {
        try forEachEvent(program: program, group: group, after: 0, through: .max, body)
    }

    public func forEachEvent(
        program: String, group: String?, after: Int64, through: Int64,
        _ body: (Result<ProgressEvent, UnreadableEvent>) throws -> Void
    ) throws(StoreError) {
        let key = storedKey(program)
        // A read-only journal is read again from the start when a writer changed the file
        // meanwhile (see `ReadOnlyJournal`); rows are append-only and in `seq` order, so the rows
        // already passed to `body` are skipped then, not passed twice.
        var delivered = after
        try read { db in
            guard try db.tableExists("event") else { return }
            // Rows are decoded as the cursor reads them: a million rows are never all in memory at once.
            let rows: RowCursor
            if let group {
                rows = try Row.fetchCursor(
                    db,
                    sql: "SELECT seq, id, groupID, body FROM event WHERE program = ? AND groupID = ? AND seq > ? AND seq <= ? ORDER BY seq",
                    arguments: [key, group, delivered, through])
            } else if after == 0, through == .max {
                rows = try Row.fetchCursor(
                    db, sql: "SELECT seq, id, groupID, body FROM event WHERE program = ? ORDER BY seq", arguments: [key])
            } else {
                // What was recorded since: the range of sequence numbers, not the program's index
                // (`+program`, as in `groupsAfterSQL`).
                rows = try Row.fetchCursor(
                    db, sql: "SELECT seq, id, groupID, body FROM event WHERE +program = ? AND seq > ? AND seq <= ? ORDER BY seq",
                    arguments: [key, delivered, through])
            }
            let decoder = JSONDecoder()
            while let row = try rows.next() {
                let sequence: Int64 = row[0]
                if sequence <= delivered { continue }
                let result = Self.decode(row, key: key, program: program, decoder: decoder)
                try body(result)
                delivered = sequence
            }
        }
    }

    public func forEachGroup(
        program: String, in range: GroupRange,
        _ body: (_ group: String, _ events: [Result<ProgressEvent, UnreadableEvent>]) throws -> Void
    ) throws(StoreError) {
        let key = storedKey(program)
        // As in forEachEvent: a re-read after a writer came in skips the groups already passed.
        var delivered: String?
        // SQLite compares TEXT byte by byte (BINARY), as GroupRange does.
        let (bounds, arguments) = Self.bounds(of: range, program: key)
        try read { db in
            let resumed = delivered // nil on the first read: no row is compared
            guard try db.tableExists("event") else { return }
            // The (program, groupID, seq) index gives the rows in this order without sorting.
            let rows = try Row.fetchCursor(
                db, sql: "SELECT seq, id, groupID, body FROM event WHERE program = ?\(bounds) ORDER BY groupID, seq",
                arguments: arguments)
            let decoder = JSONDecoder()
            var current: String?
            var events: [Result<ProgressEvent, UnreadableEvent>] = []
            while let row = try rows.next() {
                let groupID: String = row[2]
                if let resumed, !GroupRange.precedes(resumed, groupID) { continue }
                if groupID != current, let current {
                    try body(current, events)
                    delivered = current
                    events.removeAll(keepingCapacity: true)
                }
                current = groupID
                events.append(Self.decode(row, key: key, program: program, decoder: decoder))
            }
            if let current {
                try body(current, events)
                delivered = current
            }
        }
    }

    /// The conditions (after `program = ?`) and arguments that select the rows of `range`.
    private static func bounds(of range: GroupRange, program: String) -> (sql: String, arguments: StatementArguments) {
        var sql = ""
        var arguments: StatementArguments = [program]
        if let from = range.from {
            sql += " AND groupID >= ?"
            arguments += [from]
        }
        if let before = range.before {
            sql += " AND groupID < ?"
            arguments += [before]
        }
        return (sql, arguments)
    }

    /// The event in `row` (columns seq, id, groupID, body), or why it can't be read.
    private static func decode(_ row: Row, key: String, program: String, decoder: JSONDecoder) -> Result<ProgressEvent, UnreadableEvent> {
        // By position (seq, id, groupID, body, as every event query selects them): a name lookup per
        // column per row showed in the profile of a million-row read.
        let (sequence, id, groupID): (Int64, String, String) = (row[0], row[1], row[2])
        do {
            // The fast reader takes the journal's own format, reading the body's bytes in place
            // (no String made of it); JSONDecoder the rest, and says why it can't.
            let fast = try row.withUnsafeData(atIndex: 3) { data in
                data?.withUnsafeBytes { EventJSON.decode(utf8: $0.bindMemory(to: UInt8.self)) }
            }
            var event: ProgressEvent
            if let fast {
                event = fast
            } else {
                let text: String = row[3]
                event = try decoder.decode(ProgressEvent.self, from: Data(text.utf8))
            }
            guard event.id == id, event.program == key, event.group == groupID else {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "its columns and its body disagree"))
            }
            event.program = program // a v1 row carries the program's name
            return .success(event)
        } catch {
            return .failure(UnreadableEvent(sequence: sequence, id: id, group: groupID, detail: explain(error)))
        }
    }

    /// The events of `program` (of one group when `group` is given) in the order recorded, and the
    /// rows that can't be decoded, which are reported rather than stopping every later command.
    public func contents(program: String, group: String? = nil) throws(StoreError) -> (
        events: [ProgressEvent], unreadable: [UnreadableEvent]
    ) {
        var events: [ProgressEvent] = []
        var unreadable: [UnreadableEvent] = []
        try forEachEvent(program: program, group: group) { result in
            switch result {
            case .success(let event): events.append(event)
            case .failure(let row): unreadable.append(row)
            }
        }
        return (events, unreadable)
    }

    /// The events of `program` (of one group when `group` is given), in the order recorded.
    /// Throws `.unreadableEvent` for the first row that can't be decoded.
    public func events(program: String, group: String? = nil) throws(StoreError) -> [ProgressEvent] {
        let (events, unreadable) = try contents(program: program, group: group)
        if let first = unreadable.first { throw .unreadableEvent(path: location, sequence: first.sequence, detail: first.detail) }
        return events
    }

    /// The number of events stored for `program`.
    public func count(program: String) throws(StoreError) -> Int {
        let key = storedKey(program)
        return try read { db in
            guard try db.tableExists("event") else { return 0 }
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event WHERE program = ?", arguments: [key]) ?? 0
        }
    }

    public func latestSequence() throws(StoreError) -> Int64 {
        try read { db in
            guard try db.tableExists("event") else { return 0 }
            return try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM event") ?? 0
        }
    }

    public func groups(program: String, after sequence: Int64) throws(StoreError) -> Set<String> {
        let key = storedKey(program)
        return try read { db in
            guard try db.tableExists("event") else { return [] }
            return Set(try String.fetchAll(db, sql: Self.groupsAfterSQL, arguments: [sequence, key]))
        }
    }

    /// The groups of a program with events after a sequence number. `seq` is the row id, so the
    /// rows after it are read straight from the table's end; the `+` keeps SQLite from choosing
    /// the `(program, groupID, seq)` index instead, which reads every entry of the program (on a
    /// journal of a million events: 190 ms a call against 0.3 ms, and a server asks before pages).
    static let groupsAfterSQL = "SELECT DISTINCT groupID FROM event WHERE seq > ? AND +program = ?"

    /// SQLite's plan for `sql` (EXPLAIN QUERY PLAN's details), for tests of which index a query
    /// uses. Its `?` are bound to NULL: SQLite plans without looking at the values.
    func queryPlan(_ sql: String) throws(StoreError) -> [String] {
        let arguments = StatementArguments(Array(repeating: DatabaseValue.null, count: sql.count { $0 == "?" }))
        return try read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
        }
    }

    public func programs() throws(StoreError) -> [String: Int] {
        try read { db in
            guard try db.tableExists("event") else { return [:] }
            let rows = try Row.fetchAll(db, sql: "SELECT program, COUNT(*) AS n FROM event GROUP BY program")
            return Dictionary(rows.map { ($0["program"] as String, $0["n"] as Int) }, uniquingKeysWith: +)
        }
    }

    /// Files every event of program key `old` under `new` after saving a copy of the journal
    /// beside it, for a program whose `id:` changed. Refused when `new` already has events (two
    /// histories would be mixed). Returns how many events moved.
    public func rekey(from old: String, to new: String) throws(StoreError) -> Int {
        let database = try writer()
        let location = self.location
        let counts = try programs()
        guard let moving = counts[old], moving > 0 else { return 0 }
        if let existing = counts[new], existing > 0 {
            throw .io(
                path: location,
                detail: "program key '\(new)' already has \(existing) events; its history and that of '\(old)' "
                    + "can't be merged")
        }
        if let pool = database as? DatabasePool { try Self.backUp(pool, path: location) }
        return try write { db in try JournalSchema.rekey(db, from: old, to: new) }
    }

    // MARK: - Records outside groups

    @discardableResult
    public func addRecord(_ record: JournalRecord, unique: Bool) throws(StoreError) -> Bool {
        try write { db in
            try Self.insert(record, into: db, unique: unique)
            return db.changesCount == 1
        }
    }

    /// Inserts `record` (ignored when its id, or with `unique` its kind and key, is taken).
    private static func insert(_ record: JournalRecord, into db: Database, unique: Bool) throws {
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO record (id, program, kind, key, person, at, expires, body, uniqueKey)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                record.id, record.program, record.kind.rawValue, record.key, record.person,
                record.at.timeIntervalSince1970, record.expires?.timeIntervalSince1970, record.body,
                unique ? record.kind.rawValue + " " + record.key : nil,
            ])
    }

    public func records(kind: RecordKind, key: String) throws(StoreError) -> [JournalRecord] {
        try fetchRecords(sql: "WHERE kind = ? AND key = ?", arguments: [kind.rawValue, key])
    }

    public func records(kind: RecordKind) throws(StoreError) -> [JournalRecord] {
        try fetchRecords(sql: "WHERE kind = ?", arguments: [kind.rawValue])
    }

    private func fetchRecords(sql: String, arguments: StatementArguments) throws(StoreError) -> [JournalRecord] {
        try read { db in
            guard try db.tableExists("record") else { return [] }
            return try Row.fetchAll(db, sql: "SELECT * FROM record \(sql) ORDER BY seq", arguments: arguments).compactMap { row in
                guard let kind = RecordKind(rawValue: row["kind"]) else { return nil } // a newer version's kind
                return JournalRecord(
                    id: row["id"], program: row["program"], kind: kind, key: row["key"], person: row["person"],
                    at: Date(timeIntervalSince1970: row["at"]),
                    expires: (row["expires"] as Double?).map(Date.init(timeIntervalSince1970:)), body: row["body"])
            }
        }
    }

    public func countRecords(kind: RecordKind, key: String?, since: Date) throws(StoreError) -> Int {
        try read { db in
            guard try db.tableExists("record") else { return 0 }
            return try key == nil
                ? Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM record WHERE kind = ? AND at >= ?",
                    arguments: [kind.rawValue, since.timeIntervalSince1970]) ?? 0
                : Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM record WHERE kind = ? AND key = ? AND at >= ?",
                    arguments: [kind.rawValue, key, since.timeIntervalSince1970]) ?? 0
        }
    }

    // MARK: - Format and migrations

    /// Refuses another application's database, and one written by a newer MentorKit. Only reads.
    private static func checkFormat(_ db: Database, path: String) throws {
        let id = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        let tables =
            try Int.fetchOne(
                db,
                sql: "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations'")
            ?? 0
        if id != applicationID, id != 0 || tables > 0 { throw StoreError.foreignDatabase(path) }
        if try db.tableExists("grdb_migrations"), try JournalSchema.migrator.hasBeenSuperseded(db) { throw StoreError.newerFormat(path) }
    }

    /// Whether opening the journal `db` for writing will change what is stored: a format migration,
    /// or re-keying a program's v1 rows (both are preceded by a backup copy).
    private static func needsMigration(_ db: Database, legacyKeys: [String: String]) throws -> Bool {
        guard try db.tableExists("event") else { return false }
        if try JournalSchema.isV1(db) { return true }
        return try legacyKeys.contains { key, name in try rekeyNeeded(db, key: key, name: name) }
    }

    /// Whether program `key`'s events are still filed under its v1 name: there are some under the
    /// name and none under the key.
    private static func rekeyNeeded(_ db: Database, key: String, name: String) throws -> Bool {
        guard key != name else { return false }
        let count = try db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM event WHERE program = ?)")
        return try Bool.fetchOne(count, arguments: [name]) == true && Bool.fetchOne(count, arguments: [key]) == false
    }

    /// Where the copy made before a migration goes: `FILE.v1-backup`, or `FILE.v1-backup-2`, ...
    /// when an earlier one is there (an earlier backup is never replaced).
    public static func backupPath(for path: String) -> String {
        var candidate = path + ".v1-backup"
        var number = 1
        while FileManager.default.fileExists(atPath: candidate) {
            number += 1
            candidate = path + ".v1-backup-\(number)"
        }
        return candidate
    }

    /// Copies the journal, through SQLite's backup API (consistent even while others write), to
    /// ``backupPath(for:)`` before a migration changes it.
    @discardableResult
    private static func backUp(_ pool: DatabasePool, path: String) throws(StoreError) -> String {
        let target = backupPath(for: path)
        do {
            let copy = try DatabaseQueue(path: target)
            try pool.backup(to: copy)
            try copy.close()
        } catch {
            throw .io(
                path: target,
                detail: "the backup copy made before migrating the journal failed (\(error)); "
                    + "nothing was changed; free some space or check the folder's permissions, and try again")
        }
        return target
    }

    private func migrate() throws(StoreError) {
        let database = try writer()
        let (location, legacyKeys) = (self.location, self.legacyKeys)
        do {
            try database.read { db in try Self.checkFormat(db, path: location) }
            do {
                try JournalSchema.migrator.migrate(database)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_ERROR {
                // GRDB's migrator decides what to run before the migration's transaction starts,
                // so two processes creating one journal can both try a migration and the second
                // fails ("table event already exists"). If the other one completed it, all is well.
                guard try database.read({ db in try JournalSchema.migrator.hasCompletedMigrations(db) }) else { throw error }
            }
            // A program whose events are still under its v1 name gets them under its key, once.
            guard !legacyKeys.isEmpty else { return }
            try database.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    for (key, name) in legacyKeys where try Self.rekeyNeeded(db, key: key, name: name) {
                        _ = try JournalSchema.rekey(db, from: name, to: key)
                    }
                    return .commit
                }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.map(error, path: location)
        }
    }

    /// Refuses a file that exists but doesn't start like an SQLite database, before SQLite sees it.
    private static func checkHeader(_ path: String) throws(StoreError) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return } // missing: it will be created
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        if header.isEmpty { return } // an empty file becomes a new journal
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
            throw .io(
                path: path,
                detail: "it is read-only for you; reading commands (agenda, progress, report, export) "
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
