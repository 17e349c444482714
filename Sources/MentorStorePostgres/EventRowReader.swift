import Foundation
import MentorCore
import MentorStore
import PostgresNIO

/// Reads an event row (columns seq, id, groupid, body, as every event query selects them) from
/// its cells' bytes.
///
/// By hand rather than with `rows.decode((Int64, String, String, String).self)`: that generic
/// path looked up tuple and generic metadata and retained buffers for every cell, and made a
/// `String` of every body only to read it again; on a report over a million events it was most
/// of the client's time (perf on the release build; see BENCHMARKS.md). Cells in a format or type
/// this does not expect are decoded by PostgresNIO as before.
enum EventRowReader {
    /// The row's group and its event, or why the event can't be read. Throws when the row does
    /// not have the four columns (a query that is not an event query) or one is not of its type.
    static func read(_ row: PostgresRow, program: String, decoder: JSONDecoder, location: String) throws
        -> (group: String, event: Result<ProgressEvent, UnreadableEvent>)
    {
        var cells = row.makeIterator()
        guard let sequenceCell = cells.next(), let idCell = cells.next(), let groupCell = cells.next(),
            let bodyCell = cells.next()
        else {
            throw StoreError.io(path: location, detail: "an event row has \(row.count) columns, not seq, id, groupid and body")
        }
        let sequence = try integer(sequenceCell)
        let (id, group) = (try text(idCell), try text(groupCell))
        do {
            // The fast reader takes the journal's own format, reading the body's bytes in place;
            // JSONDecoder the rest, and says why it can't.
            var event: ProgressEvent? = nil
            if bodyCell.dataType == .text, let bytes = bodyCell.bytes {
                event = bytes.withUnsafeReadableBytes { EventJSON.decode(utf8: $0.bindMemory(to: UInt8.self)) }
            }
            let decoded = try event ?? decoder.decode(ProgressEvent.self, from: Data(try text(bodyCell).utf8))
            guard decoded.id == id, decoded.program == program, decoded.group == group else {
                return (
                    group, .failure(UnreadableEvent(sequence: sequence, id: id, group: group, detail: "its columns and its body disagree"))
                )
            }
            return (group, .success(decoded))
        } catch {
            return (group, .failure(UnreadableEvent(sequence: sequence, id: id, group: group, detail: "\(error)")))
        }
    }

    /// A BIGINT cell: eight bytes in network order when sent in binary, as PostgresNIO asks.
    private static func integer(_ cell: PostgresCell) throws -> Int64 {
        if cell.format == .binary, cell.dataType == .int8, let bytes = cell.bytes, bytes.readableBytes == 8,
            let value = bytes.getInteger(at: bytes.readerIndex, as: Int64.self)
        {
            return value
        }
        return try cell.decode(Int64.self)
    }

    /// A TEXT cell: its UTF-8 bytes, in either format.
    private static func text(_ cell: PostgresCell) throws -> String {
        if cell.dataType == .text, let bytes = cell.bytes { return String(buffer: bytes) }
        return try cell.decode(String.self)
    }
}
