import Foundation
import MentorCore
import MentorStore
import PostgresNIO

/// The PostgreSQL journal's tables: those of the SQLite journal's v2 format (see `JournalSchema`
/// in MentorStore), in PostgreSQL's types, with the format's version in `mentorkit_schema`.
enum PostgresSchema {
    /// Run in order, in one transaction, when a database has no journal yet.
    static let statements = [
        "CREATE TABLE mentorkit_schema (version INTEGER NOT NULL, created TIMESTAMPTZ NOT NULL DEFAULT now())",
        """
        CREATE TABLE event (
            seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            program TEXT NOT NULL,
            groupid TEXT NOT NULL,
            kind TEXT NOT NULL,
            date TEXT NOT NULL,
            body TEXT NOT NULL,
            meeting BIGINT,
            item TEXT
        )
        """,
        eventIndexes[0], eventIndexes[1],
        """
        CREATE TABLE record (
            seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            program TEXT,
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            person TEXT,
            at DOUBLE PRECISION NOT NULL,
            expires DOUBLE PRECISION,
            body TEXT NOT NULL,
            uniquekey TEXT UNIQUE
        )
        """,
        "CREATE INDEX record_by_key ON record (kind, key, at)",
        """
        CREATE FUNCTION mentorkit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'the progress journal is append-only'; END $$
        """,
        "CREATE TRIGGER event_append_only BEFORE UPDATE OR DELETE ON event FOR EACH ROW EXECUTE FUNCTION mentorkit_append_only()",
        "CREATE TRIGGER event_no_truncate BEFORE TRUNCATE ON event FOR EACH STATEMENT EXECUTE FUNCTION mentorkit_append_only()",
        "CREATE TRIGGER record_append_only BEFORE UPDATE OR DELETE ON record FOR EACH ROW EXECUTE FUNCTION mentorkit_append_only()",
        "CREATE TRIGGER record_no_truncate BEFORE TRUNCATE ON record FOR EACH STATEMENT EXECUTE FUNCTION mentorkit_append_only()",
    ]
}

extension PostgresSchema {
    /// The event table's indexes besides those of its constraints (created with the table).
    static let eventIndexes = [
        "CREATE INDEX event_by_group ON event (program, groupid, seq)",
        "CREATE INDEX event_by_item ON event (program, groupid, kind, item)",
    ]

    /// Drop the event table's indexes and its key and unique constraints (the names PostgreSQL
    /// gave those of `CREATE TABLE event`), so that a bulk load into an empty table writes rows
    /// only; ``rebuildEventIndexes`` then builds them again, sorted in one pass each.
    static let dropEventIndexes = [
        "DROP INDEX event_by_group", "DROP INDEX event_by_item",
        "ALTER TABLE event DROP CONSTRAINT event_id_key", "ALTER TABLE event DROP CONSTRAINT event_pkey",
    ]

    /// The statements that give the event table back what ``dropEventIndexes`` took.
    static let rebuildEventIndexes =
        [
            "ALTER TABLE event ADD CONSTRAINT event_pkey PRIMARY KEY (seq)",
            "ALTER TABLE event ADD CONSTRAINT event_id_key UNIQUE (id)",
        ] + eventIndexes
}

/// One event's columns, as stored.
struct EventRow: Sendable {
    var id, program, group, kind, date, body: String
    var meeting: Int?
    var item: String?

    init(_ event: ProgressEvent) throws(StoreError) {
        id = event.id
        program = event.program
        group = event.group
        kind = event.kind.rawValue
        date = event.date.description
        meeting = event.meetingNumber
        item = event.item
        body = EventJSON.encode(event) // what JSONEncoder writes, without its generic containers (the same as SQLite's)
    }

    /// Appends this row as one line of COPY's text format (tab-separated, `\N` for NULL),
    /// numbered `number` so that the rows keep their order.
    func writeCopyLine(number: Int?, into buffer: inout ByteBuffer) {
        if let number { buffer.writeString(String(number)) }
        for (index, field) in ([id, program, group, kind, date, meeting.map(String.init), item, body] as [String?]).enumerated() {
            if number != nil || index > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
            guard let field else {
                buffer.writeString("\\N")
                continue
            }
            Self.writeEscaped(field, into: &buffer)
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
    }

    /// COPY text format escapes: backslash, tab, newline and carriage return.
    private static func writeEscaped(_ text: String, into buffer: inout ByteBuffer) {
        guard text.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else {
            buffer.writeString(text)
            return
        }
        for byte in text.utf8 {
            switch byte {
            case 0x5C: buffer.writeString("\\\\")
            case 0x09: buffer.writeString("\\t")
            case 0x0A: buffer.writeString("\\n")
            case 0x0D: buffer.writeString("\\r")
            default: buffer.writeInteger(byte)
            }
        }
    }
}

/// What PostgreSQL's errors mean for someone running `mentor`.
enum PostgresErrors {
    static func map(_ error: any Error, location: String) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let error = error as? PSQLError else { return .io(path: location, detail: "\(error)") }
        if let state = error.serverInfo?[.sqlState] {
            let message = error.serverInfo?[.message] ?? state
            switch state {
            case "28P01", "28000":
                return .io(
                    path: location,
                    detail: "the server refused the login (\(message)); give the password in PGPASSWORD "
                        + "or a line of ~/.pgpass (host:port:database:user:password, mode 0600)")
            case "3D000":
                return .io(path: location, detail: "\(message); create the database first (createdb), or check the URL")
            case "42501":
                return .io(path: location, detail: "\(message); ask the database's owner to grant this user access")
            default:
                return .io(path: location, detail: message)
            }
        }
        switch error.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed:
            let underlying = error.underlying.map { " (\($0))" } ?? ""
            return .io(
                path: location,
                detail: "can't connect to the PostgreSQL server\(underlying); check that it is running and "
                    + "that the host and port in the URL are right")
        case .authMechanismRequiresPassword:
            return .io(
                path: location,
                detail: "the server asks for a password; give it in PGPASSWORD or a line of ~/.pgpass "
                    + "(host:port:database:user:password, mode 0600), never in the URL")
        case .sslUnsupported:
            return .io(path: location, detail: "the server does not offer TLS, which the URL requires (sslmode=require)")
        default:
            return .io(path: location, detail: "PostgreSQL: \(error.code)")
        }
    }
}
