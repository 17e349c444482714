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

    /// The group and events of a row of one group's events joined by the server (columns
    /// groupid, count(*), and string_agg of each event's id, U+001F and body, joined by U+001E,
    /// in the order recorded). Nil for the events when the row is not exactly that: a count that
    /// differs from the parts (a separator inside an id or a body), a body the fast reader is not
    /// sure of, or an id, program or group that differs from the body's; the caller then reads
    /// that group row by row, which says what is wrong. Neither separator can be in a well-formed
    /// body: JSON escapes control characters inside strings and allows none outside them.
    static func events(_ row: PostgresRow, program: String, location: String) throws
        -> (group: String, events: [ProgressEvent]?)
    {
        var cells = row.makeIterator()
        guard let groupCell = cells.next(), let countCell = cells.next(), let joinedCell = cells.next() else {
            throw StoreError.io(path: location, detail: "a group's row has \(row.count) columns, not groupid, count and events")
        }
        let group = try text(groupCell)
        let count = try integer(countCell)
        guard joinedCell.dataType == .text, let joined = joinedCell.bytes, count > 0 else { return (group, nil) }
        let events = joined.withUnsafeReadableBytes { raw -> [ProgressEvent]? in
            let bytes = raw.bindMemory(to: UInt8.self)
            var events: [ProgressEvent] = []
            events.reserveCapacity(Int(count))
            var start = 0
            while start <= bytes.count {
                let end = bytes[start...].firstIndex(of: 0x1E) ?? bytes.count
                guard let unit = bytes[start..<end].firstIndex(of: 0x1F),
                    let event = EventJSON.decode(utf8: UnsafeBufferPointer(rebasing: bytes[(unit + 1)..<end])),
                    event.program == program, event.group == group,
                    event.id.utf8.elementsEqual(bytes[start..<unit])
                else { return nil }
                events.append(event)
                start = end + 1
            }
            return events.count == count ? events : nil
        }
        return (group, events)
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
