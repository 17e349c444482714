import Foundation
import Logging
import MentorCore
import MentorStore
import PostgresNIO

/// The progress journal in a PostgreSQL database, for organizations that share one journal between
/// several servers or coordinators' machines: the second backend of ``MentorStore/Journal``.
///
/// The tables and their meaning are those of the SQLite journal (format v2): `event` and `record`,
/// append-only (triggers refuse UPDATE, DELETE and TRUNCATE), with the same indexes; the format's
/// version is in `mentorkit_schema`. Connections come from a pool (`PostgresClient`). Transactions
/// that insert events (and number them: ``appendNumbered(program:group:kind:prefix:make:)``) are
/// serialized by a transaction-level advisory lock, so sequence numbers become visible in order; unique records are inserted with `ON CONFLICT DO NOTHING`; large appends are sent
/// with `COPY`, all in one transaction.
///
/// A journal opened with `create: false` (reading commands) never creates the tables: a database
/// without them reads as an empty journal, and ``exists()`` tells the two apart.
public final class PostgresJournal: Journal, @unchecked Sendable {
    /// The server, database and user, for messages (never a password).
    public let location: String
    let client: PostgresClient
    private let runner: Task<Void, Never>
    private let create: Bool
    private let schemaReady = Flag()
    /// Whether the server has been reached once with a plain connection (see ``probe()``).
    private let reached = Flag()
    private let probeConfiguration: PostgresConnection.Configuration
    let logger = Logger(label: "mentorkit.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    /// The version of the tables this MentorKit writes (the SQLite journal's v2).
    public static let schemaVersion = 2
    /// Appends of more rows than this go through `COPY` rather than `INSERT`.
    static let copyThreshold = 500

    /// Connects (lazily: the first call opens a connection) to the database `location` names,
    /// with `password` (from ``PostgresLocation/password()``) when the server asks for one. With
    /// `create`, the first write creates the tables when the database has none.
    public init(_ location: PostgresLocation, password: String?, create: Bool) {
        let tls: PostgresClient.Configuration.TLS
        if location.disableTLS {
            tls = .disable
        } else if location.requireTLS {
            tls = .require(TLSConfiguration.makeClientConfiguration())
        } else {
            tls = .prefer(TLSConfiguration.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.user,
            password: password, database: location.database, tls: tls)
        configuration.options.maximumConnections = 8
        configuration.options.connectTimeout = .seconds(10)
        let client = PostgresClient(configuration: configuration)
        let probeTLS: PostgresConnection.Configuration.TLS
        if location.disableTLS {
            probeTLS = .disable
        } else if let context = try? NIOSSLContext(configuration: TLSConfiguration.makeClientConfiguration()) {
            probeTLS = location.requireTLS ? .require(context) : .prefer(context)
        } else {
            probeTLS = .disable
        }
        probeConfiguration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user,
            password: password, database: location.database, tls: probeTLS)
        self.client = client
        self.location = location.description
        self.create = create
        runner = Task.detached { await client.run() }
    }

    deinit { runner.cancel() }

    // MARK: - Schema

    /// Whether the database holds a MentorKit journal (its tables exist). Only reads.
    public func exists() async throws(StoreError) -> Bool {
        try await run { connection in try await Self.installedVersion(connection, logger: self.logger) != nil }
    }

    /// The journal format recorded in `mentorkit_schema`, or nil when there is none.
    private static func installedVersion(_ connection: PostgresConnection, logger: Logger) async throws -> Int? {
        // pg_tables is read with the statement's own snapshot (to_regclass would consult the
        // backend's catalog cache, which may not yet show a table another process just created).
        let rows = try await connection.query(
            "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = 'mentorkit_schema')",
            logger: logger)
        var present = false
        for try await value in rows.decode(Bool.self) { present = value }
        guard present else { return nil }
        var version = 0
        for try await value in try await connection.query("SELECT max(version) FROM mentorkit_schema", logger: logger).decode(Int?.self) {
            version = value ?? 0
        }
        return version
    }

    /// Checks the format before reading: a newer one is refused, a missing one reads as empty.
    private func readableSchema(_ connection: PostgresConnection) async throws -> Bool {
        if schemaReady.value { return true }
        guard let version = try await Self.installedVersion(connection, logger: logger) else { return false }
        if version > Self.schemaVersion { throw StoreError.newerFormat(location) }
        schemaReady.value = true
        return true
    }

    /// Creates the tables when they are missing (once, under an advisory lock, however many
    /// processes start at once), and refuses a newer format.
    private func prepareForWriting(_ connection: PostgresConnection) async throws {
        if try await readableSchema(connection) { return }
        guard create else { throw StoreError.missing(location) }
        try await transaction(connection) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(7005000001)", logger: self.logger)
            if try await Self.installedVersion(connection, logger: self.logger) != nil { return }
            for statement in PostgresSchema.statements {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: self.logger)
            }
            try await connection.query("INSERT INTO mentorkit_schema (version) VALUES (\(Self.schemaVersion))", logger: self.logger)
        }
        schemaReady.value = true
    }

    // MARK: - Writing events

    @discardableResult
    public func append(_ events: [ProgressEvent]) async throws(StoreError) -> Int {
        if events.isEmpty {
            try await run { connection in try await self.prepareForWriting(connection) }
            return 0
        }
        return try await run { connection in
            try await self.prepareForWriting(connection)
            let added = try await self.transaction(connection) { connection in
                if events.count > Self.copyThreshold { return try await self.copy(events, connection) }
                try await self.lockEventOrder(connection)
                return try await self.insert(
                    events.map { event throws(StoreError) in try EventRow(event) }, connection,
                    ignoringDuplicates: true)
            }
            // After a bulk load (an import, `mentor store copy`) the planner's statistics are
            // gathered at once rather than when autovacuum comes by: without them it took the
            // (program, groupid, seq) index for "what was written since N" and read a whole
            // program's entries (72 ms a query on a million events, instead of 0.1 ms), which
            // brought a server on a freshly copied journal to 78 requests/s.
            if added >= Self.analyzeAfter { try await connection.query("ANALYZE event", logger: self.logger) }
            return added
        }
    }

    /// Appends that add this many rows or more are followed by `ANALYZE`.
    public static let analyzeAfter = 10_000

    /// Takes the lock every transaction that inserts events holds until it ends: one such
    /// transaction at a time, across processes and machines, so events become visible in the order
    /// of their sequence numbers. A reader that has seen sequence number N has then seen every event
    /// up to N, which is what caches of folded events checked by ``latestSequence()`` rely on
    /// (without it, a transaction given a smaller number could commit after a larger one).
    private func lockEventOrder(_ connection: PostgresConnection) async throws {
        try await connection.query("SELECT pg_advisory_xact_lock(7005000002)", logger: logger)
    }

    /// Inserts `rows` with multi-row INSERTs (at most 1,000 rows a statement); returns how many were added.
    private func insert(_ rows: [EventRow], _ connection: PostgresConnection, ignoringDuplicates: Bool) async throws -> Int {
        var added = 0
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(start + 1000, rows.count)]
            var bindings = PostgresBindings(capacity: chunk.count * 8)
            var values: [String] = []
            for (offset, row) in chunk.enumerated() {
                let base = offset * 8
                values.append("(" + (1...8).map { "$\(base + $0)" }.joined(separator: ", ") + ")")
                bindings.append(row.id)
                bindings.append(row.program)
                bindings.append(row.group)
                bindings.append(row.kind)
                bindings.append(row.date)
                bindings.append(row.meeting)
                bindings.append(row.item)
                bindings.append(row.body)
            }
            let sql =
                "INSERT INTO event (id, program, groupid, kind, date, meeting, item, body) VALUES "
                + values.joined(separator: ", ") + (ignoringDuplicates ? " ON CONFLICT (id) DO NOTHING" : "")
            added += try await affected(connection, PostgresQuery(unsafeSQL: sql, binds: bindings))
            start += 1000
        }
        return added
    }

    /// Sends `events` with COPY into a temporary table, then moves the new ones into `event` in
    /// order (skipping ids already stored); returns how many were added. Each event is encoded as
    /// it is sent, so that a large import holds its encoded rows 1 MB at a time.
    private func copy(_ events: [ProgressEvent], _ connection: PostgresConnection) async throws -> Int {
        // Asked before taking the event lock, so that a large import into a journal that already
        // holds events keeps it only for the move below, as before; asked again under the lock,
        // which another writer may have held.
        if events.count >= Self.loadIntoEmptyFrom, try await isEmpty(connection) {
            try await lockEventOrder(connection)
            if try await isEmpty(connection) { return try await load(events, connection) }
        }
        try await connection.query(
            """
            CREATE TEMP TABLE event_import (n BIGINT, id TEXT, program TEXT, groupid TEXT, kind TEXT, date TEXT,
                                            meeting BIGINT, item TEXT, body TEXT) ON COMMIT DROP
            """, logger: logger)
        try await connection.copyFrom(table: "event_import", logger: logger) { writer in
            var buffer = ByteBuffer()
            buffer.reserveCapacity(1 << 20)
            for (index, event) in events.enumerated() {
                try EventRow(event).writeCopyLine(number: index, into: &buffer)
                if buffer.readableBytes >= 1 << 20 {
                    try await writer.write(buffer)
                    buffer.clear()
                }
            }
            if buffer.readableBytes > 0 { try await writer.write(buffer) }
        }
        try await lockEventOrder(connection)
        return try await affected(
            connection,
            """
            INSERT INTO event (id, program, groupid, kind, date, meeting, item, body)
            SELECT id, program, groupid, kind, date, meeting, item, body FROM event_import ORDER BY n
            ON CONFLICT (id) DO NOTHING
            """)
    }

    /// Appends of this many events or more into a journal with no event at all (an import into
    /// a new journal, `mentor store copy`) are loaded straight into the table with its indexes
    /// built afterwards (``load(_:_:)``).
    public static let loadIntoEmptyFrom = 100_000

    /// Whether the event table holds no row (of any program).
    private func isEmpty(_ connection: PostgresConnection) async throws -> Bool {
        for try await empty in try await connection.query("SELECT NOT EXISTS (SELECT 1 FROM event)", logger: logger).decode(Bool.self) {
            return empty
        }
        return false
    }

    /// Loads `events` into the empty event table with COPY (the table numbers them in the order
    /// sent), the first of each id only, as the ordinary path's `ON CONFLICT DO NOTHING` keeps it;
    /// returns how many were added. The indexes are dropped first and built again after, inside
    /// the same transaction: PostgreSQL builds an index on a million rows by sorting them in about
    /// a second, where keeping four indexes up to date row by row made the same load 9 s (the
    /// COPY into a temporary table and INSERT … SELECT, 12 s). Dropping them locks the table for
    /// the transaction: readers of the journal wait for the load to commit, as they would see
    /// nothing of it before. The caller holds the event lock (``lockEventOrder(_:)``).
    private func load(_ events: [ProgressEvent], _ connection: PostgresConnection) async throws -> Int {
        try await connection.query("SET LOCAL maintenance_work_mem = '256MB'", logger: logger)
        for statement in PostgresSchema.dropEventIndexes {
            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
        }
        var added = 0
        try await connection.copyFrom(
            table: "event", columns: ["id", "program", "groupid", "kind", "date", "meeting", "item", "body"], logger: logger
        ) { writer in
            var seen = Set<String>(minimumCapacity: events.count)
            var buffer = ByteBuffer()
            buffer.reserveCapacity(1 << 20)
            for event in events where seen.insert(event.id).inserted {
                try EventRow(event).writeCopyLine(number: nil, into: &buffer)
                added += 1
                if buffer.readableBytes >= 1 << 20 {
                    try await writer.write(buffer)
                    buffer.clear()
                }
            }
            if buffer.readableBytes > 0 { try await writer.write(buffer) }
        }
        for statement in PostgresSchema.rebuildEventIndexes {
            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
        }
        return added
    }

    public func appendNumbered(
        program: String, group: String, kind: EventKind, prefix: String,
        make: @Sendable (Int) -> ProgressEvent
    ) async throws(StoreError) -> ProgressEvent {
        try await run { connection in
            try await self.prepareForWriting(connection)
            return try await self.transaction(connection) { connection in
                // One insert at a time (see lockEventOrder), which also numbers one event at a time.
                try await self.lockEventOrder(connection)
                var taken: [String?] = []
                for try await row in try await Prepared.rows(
                    Prepared.GroupItems.self, program, group, kind.rawValue, on: connection, logger: self.logger)
                {
                    taken.append(try row.decode(String?.self))
                }
                let event = make(ItemNumbering.next(after: taken, prefix: prefix))
                _ = try await self.insert([try EventRow(event)], connection, ignoringDuplicates: false)
                return event
            }
        }
    }

    // MARK: - Reading events

    public func forEachEvent(
        program: String, group: String?,
        _ body: (Result<ProgressEvent, UnreadableEvent>) throws -> Void
    ) async throws(StoreError) {
        try await forEachEvent(program: program, group: group, after: 0, through: .max, body)
    }

    public func forEachEvent(
        program: String, group: String?, after: Int64, through: Int64,
        _ body: (Result<ProgressEvent, UnreadableEvent>) throws -> Void
    ) async throws(StoreError) {
        try await run { connection in
            guard try await self.readableSchema(connection) else { return }
            let everything = after == 0 && through == .max
            let rows: AsyncThrowingMapSequence<PostgresRowSequence, PostgresRow>
            switch (group, everything) {
            case (let group?, true):
                rows = try await Prepared.rows(Prepared.GroupEvents.self, program, group, on: connection, logger: self.logger)
            case (let group?, false):
                rows = try await Prepared.rows(
                    Prepared.GroupEventsBetween.self, program, group, after, through, on: connection, logger: self.logger)
            case (nil, true):
                rows = try await connection.query(
                    "SELECT seq, id, groupid, body FROM event WHERE program = \(program) ORDER BY seq", logger: self.logger
                ).map { $0 }
            case (nil, false):
                rows = try await connection.query(
                    "SELECT seq, id, groupid, body FROM event WHERE program = \(program) AND seq > \(after) AND seq <= \(through) ORDER BY seq",
                    logger: self.logger
                ).map { $0 }
            }
            let decoder = JSONDecoder()
            for try await row in rows {
                try body(try EventRowReader.read(row, program: program, decoder: decoder, location: self.location).event)
            }
        }
    }

    public func forEachGroup(
        program: String, in range: GroupRange,
        _ body: (_ group: String, _ events: [Result<ProgressEvent, UnreadableEvent>]) throws -> Void
    ) async throws(StoreError) {
        // Each group's events come as one row, joined by the server (one row of ~500 events
        // instead of ~500 rows): PostgresNIO's work for each row was a third of a report's time
        // on a million events. The first group whose row is not exactly what this reads (see
        // EventRowReader.events) and every group after it are read again row by row, which says
        // what is wrong with which event; so groups still come in order, one at a time.
        // Through a cursor, a few groups at a time: PostgresNIO reads ahead up to hundreds of rows
        // of a query, which for rows this large held 150 MB more.
        let filter = Self.groupFilter(program: program, range)
        let restart: String? = try await run { connection in
            guard try await self.readableSchema(connection) else { return nil }
            return try await self.transaction(connection) { connection in
                let sql = """
                    DECLARE event_groups NO SCROLL CURSOR FOR
                    SELECT groupid, count(*), string_agg(id || E'\\x1f' || body, E'\\x1e' ORDER BY seq) FROM event
                    WHERE \(filter.sql) GROUP BY groupid ORDER BY groupid COLLATE "C"
                    """
                try await connection.query(PostgresQuery(unsafeSQL: sql, binds: filter.binds), logger: self.logger)
                while true {
                    var fetched = 0
                    for try await row in try await connection.query(
                        "FETCH \(unescaped: String(Self.groupsFetched)) FROM event_groups", logger: self.logger)
                    {
                        fetched += 1
                        let (group, events) = try EventRowReader.events(row, program: program, location: self.location)
                        guard let events else { return group }
                        try body(group, events.map { .success($0) })
                    }
                    if fetched < Self.groupsFetched { return nil }
                }
            }
        }
        if let restart { try await forEachGroupByRow(program: program, in: GroupRange(from: restart, before: range.before), body) }
    }

    /// How many groups' rows ``forEachGroup(program:in:_:)`` fetches at a time.
    public static let groupsFetched = 32

    /// ``forEachGroup(program:in:_:)`` one row per event.
    private func forEachGroupByRow(
        program: String, in range: GroupRange,
        _ body: (_ group: String, _ events: [Result<ProgressEvent, UnreadableEvent>]) throws -> Void
    ) async throws(StoreError) {
        let filter = Self.groupFilter(program: program, range)
        try await run { connection in
            guard try await self.readableSchema(connection) else { return }
            let sql = "SELECT seq, id, groupid, body FROM event WHERE \(filter.sql) ORDER BY groupid, seq"
            let rows = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: filter.binds), logger: self.logger)
            let decoder = JSONDecoder()
            var current: String?
            var events: [Result<ProgressEvent, UnreadableEvent>] = []
            for try await row in rows {
                let (groupID, event) = try EventRowReader.read(row, program: program, decoder: decoder, location: self.location)
                if groupID != current, let current {
                    try body(current, events)
                    events.removeAll(keepingCapacity: true)
                }
                current = groupID
                events.append(event)
            }
            if let current { try body(current, events) }
        }
    }

    /// The condition for the events of `program` whose group lies in `range`, and its values.
    /// Bounds compare byte by byte (the "C" collation), as GroupRange does, so that ranges split
    /// in Swift hold every group exactly once whatever the database's collation.
    private static func groupFilter(program: String, _ range: GroupRange) -> (sql: String, binds: PostgresBindings) {
        var binds = PostgresBindings()
        binds.append(program)
        var sql = "program = $1"
        if let from = range.from {
            binds.append(from)
            sql += " AND groupid >= $\(binds.count) COLLATE \"C\""
        }
        if let before = range.before {
            binds.append(before)
            sql += " AND groupid < $\(binds.count) COLLATE \"C\""
        }
        return (sql, binds)
    }

    public func latestSequence() async throws(StoreError) -> Int64 {
        try await run { connection in
            guard try await self.readableSchema(connection) else { return 0 }
            for try await row in try await Prepared.rows(Prepared.LatestSequence.self, on: connection, logger: self.logger) {
                return try row.decode(Int64.self)
            }
            return 0
        }
    }

    public func groups(program: String, after sequence: Int64) async throws(StoreError) -> Set<String> {
        try await run { connection in
            guard try await self.readableSchema(connection) else { return [] }
            var groups: Set<String> = []
            let rows = try await connection.query(
                "SELECT DISTINCT groupid FROM event WHERE seq > \(sequence) AND program = \(program)",
                logger: self.logger)
            for try await group in rows.decode(String.self) { groups.insert(group) }
            return groups
        }
    }

    /// One statement, so one round trip and one snapshot: the groups named are exactly those
    /// written after `sequence` up to `latest`.
    public func changes(program: String, after sequence: Int64) async throws(StoreError) -> (latest: Int64, groups: Set<String>) {
        try await run { connection in
            guard try await self.readableSchema(connection) else { return (0, []) }
            for try await row in try await Prepared.rows(Prepared.Changes.self, sequence, program, on: connection, logger: self.logger) {
                let (latest, groups) = try row.decode((Int64, [String]).self)
                return (latest, Set(groups))
            }
            return (0, [])
        }
    }

    public func programs() async throws(StoreError) -> [String: Int] {
        try await run { connection in
            guard try await self.readableSchema(connection) else { return [:] }
            var counts: [String: Int] = [:]
            let rows = try await connection.query("SELECT program, count(*) FROM event GROUP BY program", logger: self.logger)
            for try await (program, count) in rows.decode((String, Int).self) { counts[program] = count }
            return counts
        }
    }

    /// Files every event of `old` under `new`, in one transaction (the triggers are set aside
    /// inside it only). PostgreSQL journals are backed up by the server's own means (`pg_dump`):
    /// no copy is made here. Refused when `new` already has events.
    public func rekey(from old: String, to new: String) async throws(StoreError) -> Int {
        let counts = try await programs()
        guard let moving = counts[old], moving > 0 else { return 0 }
        if let existing = counts[new], existing > 0 {
            throw .io(
                path: location,
                detail: "program key '\(new)' already has \(existing) events; its history and that of '\(old)' "
                    + "can't be merged")
        }
        return try await run { connection in
            try await self.transaction(connection) { connection in
                try await connection.query("ALTER TABLE event DISABLE TRIGGER event_append_only", logger: self.logger)
                let moved = try await self.affected(
                    connection,
                    """
                    UPDATE event SET program = \(new), body = jsonb_set(body::jsonb, '{program}', to_jsonb(\(new)::text))::text
                    WHERE program = \(old)
                    """)
                try await connection.query("ALTER TABLE event ENABLE TRIGGER event_append_only", logger: self.logger)
                return moved
            }
        }
    }

    // MARK: - Records outside groups

    @discardableResult
    public func addRecord(_ record: JournalRecord, unique: Bool) async throws(StoreError) -> Bool {
        try await run { connection in
            try await self.prepareForWriting(connection)
            let uniqueKey: String? = unique ? record.kind.rawValue + " " + record.key : nil
            let expires = record.expires?.timeIntervalSince1970
            return try await self.affected(
                connection,
                """
                INSERT INTO record (id, program, kind, key, person, at, expires, body, uniquekey)
                VALUES (\(record.id), \(record.program), \(record.kind.rawValue), \(record.key), \(record.person),
                        \(record.at.timeIntervalSince1970), \(expires), \(record.body), \(uniqueKey))
                ON CONFLICT DO NOTHING
                """) == 1
        }
    }

    public func records(kind: RecordKind, key: String) async throws(StoreError) -> [JournalRecord] {
        try await fetchRecords { connection in
            try await Prepared.rows(Prepared.RecordsOfKind.self, kind.rawValue, key, on: connection, logger: self.logger)
        }
    }

    /// One statement: one round trip.
    public func records(key: String, kinds: [RecordKind]) async throws(StoreError) -> [JournalRecord] {
        try await fetchRecords { connection in
            try await Prepared.rows(Prepared.RecordsOfKinds.self, kinds.map(\.rawValue), key, on: connection, logger: self.logger)
        }
    }

    public func records(kind: RecordKind) async throws(StoreError) -> [JournalRecord] {
        try await fetchRecords { connection in
            try await connection.query(
                "SELECT id, program, kind, key, person, at, expires, body FROM record WHERE kind = \(kind.rawValue) ORDER BY seq",
                logger: self.logger
            ).map { $0 }
        }
    }

    /// The records in the rows `query` asks for on a connection.
    private func fetchRecords(
        _ query: (PostgresConnection) async throws -> AsyncThrowingMapSequence<PostgresRowSequence, PostgresRow>
    ) async throws(StoreError) -> [JournalRecord] {
        try await run { connection in
            guard try await self.readableSchema(connection) else { return [] }
            var records: [JournalRecord] = []
            for try await row in try await query(connection) {
                let (id, program, kind, key, person, at, expires, body) =
                    try row.decode((String, String?, String, String, String?, Double, Double?, String).self)
                guard let kind = RecordKind(rawValue: kind) else { continue } // a newer version's kind
                records.append(
                    JournalRecord(
                        id: id, program: program, kind: kind, key: key, person: person,
                        at: Date(timeIntervalSince1970: at),
                        expires: expires.map(Date.init(timeIntervalSince1970:)), body: body))
            }
            return records
        }
    }

    public func countRecords(kind: RecordKind, key: String?, since: Date) async throws(StoreError) -> Int {
        try await run { connection in
            guard try await self.readableSchema(connection) else { return 0 }
            let time = since.timeIntervalSince1970
            let query: PostgresQuery =
                if let key {
                    "SELECT count(*) FROM record WHERE kind = \(kind.rawValue) AND key = \(key) AND at >= \(time)"
                } else {
                    "SELECT count(*) FROM record WHERE kind = \(kind.rawValue) AND at >= \(time)"
                }
            let rows = try await connection.query(query, logger: self.logger)
            var count = 0
            for try await value in rows.decode(Int.self) { count = value }
            return count
        }
    }

    // MARK: - Connections, transactions, errors

    /// Runs `body` on a pooled connection, mapping every error to a ``MentorStore/StoreError``.
    func run<T>(_ body: (PostgresConnection) async throws -> sending T) async throws(StoreError) -> T {
        do {
            try await probe()
            return try await client.withConnection { connection in try await body(connection) }
        } catch {
            throw PostgresErrors.map(error, location: location)
        }
    }

    /// Connects once without the pool, so that a server that is down or refuses the login is an
    /// error at once (the pool would retry for a minute before giving up).
    private func probe() async throws {
        if reached.value { return }
        let connection = try await PostgresConnection.connect(configuration: probeConfiguration, id: 0, logger: logger)
        try? await connection.close()
        reached.value = true
    }

    /// Runs `body` between BEGIN and COMMIT on `connection`; ROLLBACK when it throws.
    func transaction<T>(_ connection: PostgresConnection, _ body: (PostgresConnection) async throws -> sending T) async throws -> T {
        try await connection.query("BEGIN", logger: logger)
        do {
            let value = try await body(connection)
            try await connection.query("COMMIT", logger: logger)
            return value
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }

    /// Runs a statement and returns how many rows it changed (from its command tag, "INSERT 0 3", "UPDATE 2").
    private func affected(_ connection: PostgresConnection, _ query: PostgresQuery) async throws -> Int {
        let result: EventLoopFuture<PostgresQueryResult> = connection.query(query, logger: logger)
        return try await result.get().metadata.rows ?? 0
    }
}

/// Something done once per journal object (the server reached, the schema checked): later calls skip it.
private final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = false
    var value: Bool {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
