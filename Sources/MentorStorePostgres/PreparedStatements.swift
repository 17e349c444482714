import PostgresNIO

/// The statements a server asks on every page (the session's records, what changed since, a
/// group's events since), prepared once on each pooled connection and executed by name after.
///
/// Under load (two `mentor serve` on one database, perf across the machine) the database server
/// spent 12 % of all the CPU time parsing, analysing and planning these same few statements
/// again for every request; their execution was 5 %. PostgreSQL keeps a prepared statement's
/// plan (or plans it again with the values when a generic plan would be worse), and drops it
/// by itself when a table's indexes change.
enum Prepared {
    /// One statement's text; its type's name names the prepared statement.
    protocol Statement {
        static var sql: String { get }
    }

    /// `S` with these values, its rows handed over undecoded.
    struct Execution<S: Statement>: PostgresPreparedStatement {
        typealias Row = PostgresRow
        static var name: String { "mentorkit." + String(describing: S.self) }
        static var sql: String { S.sql }
        let bindings: PostgresBindings

        func makeBindings() throws -> PostgresBindings { bindings }
        func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
    }

    /// Runs `statement` with `values` ($1, $2, … in order) on `connection`.
    static func rows<S: Statement>(
        _ statement: S.Type, _ values: any PostgresEncodable..., on connection: PostgresConnection, logger: Logger
    ) async throws -> AsyncThrowingMapSequence<PostgresRowSequence, PostgresRow> {
        var bindings = PostgresBindings(capacity: values.count)
        for value in values { try bindings.append(value, context: .default) }
        return try await connection.execute(Execution<S>(bindings: bindings), logger: logger)
    }

    /// The latest sequence number and the groups of a program written after a given one.
    enum Changes: Statement {
        static let sql = """
            SELECT coalesce((SELECT max(seq) FROM event), 0)::bigint,
                   ARRAY(SELECT DISTINCT groupid FROM event WHERE seq > $1 AND program = $2)
            """
    }

    /// The latest sequence number.
    enum LatestSequence: Statement {
        static let sql = "SELECT coalesce(max(seq), 0)::bigint FROM event"
    }

    /// A group's events (seq, id, groupid, body) after one sequence number up to another.
    enum GroupEventsBetween: Statement {
        static let sql = """
            SELECT seq, id, groupid, body FROM event
            WHERE program = $1 AND groupid = $2 AND seq > $3 AND seq <= $4 ORDER BY seq
            """
    }

    /// A group's events (seq, id, groupid, body), all of them.
    enum GroupEvents: Statement {
        static let sql = "SELECT seq, id, groupid, body FROM event WHERE program = $1 AND groupid = $2 ORDER BY seq"
    }

    /// The records of several kinds under one key (a session's start and end).
    enum RecordsOfKinds: Statement {
        static let sql = """
            SELECT id, program, kind, key, person, at, expires, body FROM record
            WHERE kind = ANY($1) AND key = $2 ORDER BY seq
            """
    }

    /// The records of one kind under one key.
    enum RecordsOfKind: Statement {
        static let sql = "SELECT id, program, kind, key, person, at, expires, body FROM record WHERE kind = $1 AND key = $2 ORDER BY seq"
    }

    /// The item ids of one kind of a group's events (for numbering the next).
    enum GroupItems: Statement {
        static let sql = "SELECT item FROM event WHERE program = $1 AND groupid = $2 AND kind = $3"
    }
}
