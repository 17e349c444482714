import Foundation
import GRDB

/// The SQLite journal's tables, and the migrations from one format to the next.
///
/// - v1 (MentorKit 0.1): `event`, one row per event, keyed by the program's display name.
/// - v2: `event` gains the columns commands look things up by (`meeting`, the meeting's number;
///   `item`, the goal's or action's id or the voided event's id), and `record` holds what belongs
///   to no group (sign-in tokens, sessions, attendance at program events, reminders sent, which
///   file claims which program key). Rows are keyed by the program's stable `id:`; the v1 rows of
///   a program are re-keyed from its name to its id by ``ProgressStore/init(path:createFolder:legacyKeys:)``.
///
/// Both tables are append-only: triggers refuse UPDATE and DELETE. A migration that must rewrite
/// rows (filling the new columns, re-keying) drops and re-creates them inside its transaction.
enum JournalSchema {
    /// The migrations' identifiers, oldest first (GRDB records the applied ones in `grdb_migrations`).
    static let v1 = "v1: events"
    static let v2 = "v2: columns and records"

    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(v1) { db in
            try db.execute(
                sql: """
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
                    PRAGMA application_id = \(ProgressStore.applicationID);
                    """)
            try appendOnly(db, table: "event")
        }
        migrator.registerMigration(v2) { db in
            try db.execute(
                sql: """
                    DROP TRIGGER IF EXISTS event_no_update;
                    DROP TRIGGER IF EXISTS event_no_delete;
                    ALTER TABLE event ADD COLUMN meeting INTEGER;
                    ALTER TABLE event ADD COLUMN item TEXT;
                    UPDATE event SET meeting = json_extract(body, '$.details.number') WHERE kind IN ('meeting-held', 'meeting-missed');
                    UPDATE event SET item = json_extract(body, '$.details.goal') WHERE kind LIKE 'goal-%';
                    UPDATE event SET item = json_extract(body, '$.details.action') WHERE kind LIKE 'action-%';
                    UPDATE event SET item = json_extract(body, '$.details.event') WHERE kind = 'void';
                    CREATE INDEX event_by_item ON event(program, groupID, kind, item);
                    CREATE TABLE record (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        id TEXT NOT NULL UNIQUE,
                        program TEXT,
                        kind TEXT NOT NULL,
                        key TEXT NOT NULL,
                        person TEXT,
                        at REAL NOT NULL,
                        expires REAL,
                        body TEXT NOT NULL,
                        uniqueKey TEXT UNIQUE
                    );
                    CREATE INDEX record_by_key ON record(kind, key, at);
                    """)
            try appendOnly(db, table: "event")
            try appendOnly(db, table: "record")
        }
        return migrator
    }()

    /// Triggers that refuse changing or deleting rows of `table`.
    static func appendOnly(_ db: Database, table: String) throws {
        try db.execute(
            sql: """
                CREATE TRIGGER \(table)_no_update BEFORE UPDATE ON \(table)
                    BEGIN SELECT RAISE(ABORT, 'the progress journal is append-only'); END;
                CREATE TRIGGER \(table)_no_delete BEFORE DELETE ON \(table)
                    BEGIN SELECT RAISE(ABORT, 'the progress journal is append-only'); END;
                """)
    }

    /// Files every event of program key `old` under `new` (in its column and its body). The one
    /// rewrite the journal allows, for a program whose key changed; run inside a transaction.
    static func rekey(_ db: Database, from old: String, to new: String) throws -> Int {
        try db.execute(sql: "DROP TRIGGER event_no_update")
        try db.execute(
            sql: "UPDATE event SET program = ?, body = json_set(body, '$.program', ?) WHERE program = ?",
            arguments: [new, new, old])
        let changed = db.changesCount
        try db.execute(
            sql: """
                CREATE TRIGGER event_no_update BEFORE UPDATE ON event
                    BEGIN SELECT RAISE(ABORT, 'the progress journal is append-only'); END;
                """)
        return changed
    }

    /// Whether the journal `db` is in the v1 format (its rows keyed by program name, no `record` table).
    static func isV1(_ db: Database) throws -> Bool {
        guard try db.tableExists("grdb_migrations") else { return try db.tableExists("event") }
        return try !migrator.appliedIdentifiers(db).contains(v2)
    }
}
