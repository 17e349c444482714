import Foundation
import GRDB
import GRDBSQLite

/// Inserts the rows of ``BulkRows`` chunks through SQLite's C API, binding each value in place in
/// the chunk's buffer (`SQLITE_STATIC`): through GRDB every value was copied into a `DatabaseValue`
/// and again by SQLite (`SQLITE_TRANSIENT`), a malloc and a memcpy per value, on the thread that
/// an import waits for. Used inside a GRDB write transaction, on its connection.
final class RowInserter {
    private let connection: SQLiteConnection
    private var statement: SQLiteStatement?

    /// Prepares ``BulkRows/insertSQL`` on `db`'s connection.
    init(_ db: Database) throws {
        guard let connection = db.sqliteConnection else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "the connection is closed")
        }
        self.connection = connection
        let code = sqlite3_prepare_v2(connection, BulkRows.insertSQL, -1, &statement, nil)
        guard code == SQLITE_OK, statement != nil else { throw error(code) }
    }

    deinit { sqlite3_finalize(statement) }

    private func error(_ code: CInt) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: BulkRows.insertSQL)
    }

    /// Inserts `chunk`'s rows; returns how many were new (the others' ids were there: ignored).
    func insert(_ chunk: BulkRows.Chunk) throws -> Int {
        var added = 0
        try chunk.text.withUnsafeBufferPointer { text in
            guard let base = UnsafeRawPointer(text.baseAddress)?.assumingMemoryBound(to: CChar.self) else { return }
            defer { sqlite3_clear_bindings(statement) } // no pointer into the chunk outlives it
            var start = 0
            for row in 0..<chunk.count {
                for column in 0..<BulkRows.textColumns {
                    let end = chunk.ends[row * BulkRows.textColumns + column]
                    // The item column (?6) is NULL for events without an item.
                    let code =
                        column == 5 && !chunk.items[row]
                        ? sqlite3_bind_null(statement, 6)
                        : sqlite3_bind_text(statement, CInt(column + 1), base + start, CInt(end - start), nil) // nil: SQLITE_STATIC
                    guard code == SQLITE_OK else { throw error(code) }
                    start = end
                }
                let code = chunk.meetings[row].map { sqlite3_bind_int64(statement, 8, Int64($0)) } ?? sqlite3_bind_null(statement, 8)
                guard code == SQLITE_OK else { throw error(code) }
                let step = sqlite3_step(statement)
                guard step == SQLITE_DONE else {
                    let failure = error(step)
                    sqlite3_reset(statement)
                    throw failure
                }
                added += Int(sqlite3_changes(connection))
                sqlite3_reset(statement)
            }
        }
        return added
    }
}
