import Foundation
import GRDB
import MentorCore

/// The rows of many events, made on another thread a chunk at a time while the caller's thread
/// inserts the chunks made before: an import's two halves (JSON and columns; SQLite) on two cores.
///
/// The events come from an array (cut into chunks of ``chunk``) or from a ``CheckedFeed`` (the runs
/// its checker hands over, while it checks the rest). The maker runs at most ``depth`` chunks
/// ahead, so no more than that many chunks of rows are held at once. Chunks reach the caller in
/// order; when the caller's body throws, the maker stops; when the source throws (a feed whose
/// check failed), the caller gets that error after the chunks made before it.
struct BulkRows {
    /// Appends of at least this many events go through ``ProgressStore``'s bulk path.
    static let threshold = 4_096
    /// Events per chunk.
    static let chunk = 1_024
    /// Chunks made ahead of the inserts, at most.
    static let depth = 8
    /// SQLite's page cache during a bulk append, in KiB: the id index of a million events
    /// (about 60 MB) fits; pages are only taken as they are used.
    static let cacheKiB = 256 * 1024

    /// The next events to make rows of, nil at the end; called on the maker's thread only.
    private let source: Source

    /// The rows of `events`.
    init(_ events: [ProgressEvent]) {
        let slices = Slices(events: events)
        source = Source(next: { slices.next() }, stop: {})
    }

    /// The rows of the runs `feed` hands over; throws ``CheckedFeed/Refused`` (after the runs
    /// before it) when the feed's check fails.
    init(feed: CheckedFeed) {
        source = Source(next: { () throws(CheckedFeed.Refused) in try feed.next() }, stop: { feed.close() })
    }

    /// The statement arguments of `event`'s row: id, program, groupID, kind, date, meeting, item, body.
    static func arguments(_ event: ProgressEvent) -> StatementArguments {
        [
            event.id, event.program, event.group, event.kind.rawValue, event.date.description, event.meetingNumber, event.item,
            EventJSON.encode(event),
        ]
    }

    /// One chunk's rows, their text laid out one after another in one buffer, so that SQLite binds
    /// each value where it is (no copy of every value, no allocation per value).
    struct Chunk {
        /// Every text column of every row (``textColumns`` per row, in that order), then a 0 byte
        /// (so that an empty value has an address, and is bound as '' rather than NULL).
        var text: [UInt8] = []
        /// Where each row's text columns end in ``text``; each starts where the one before ended.
        var ends: [Int] = []
        /// Each row's meeting number (NULL when nil).
        var meetings: [Int?] = []
        /// Whether each row has an item id (NULL when not).
        var items: [Bool] = []
        /// The bytes of the rows' bodies (what the rows will take in the database, roughly).
        var bytes = 0

        /// How many rows.
        var count: Int { meetings.count }
    }

    /// The text columns of a row, in the order ``Chunk/text`` holds them and the insert binds them.
    static let textColumns = 7

    /// The INSERT that ``RowInserter`` binds chunks to: the text columns as ?1...?7, the meeting as ?8.
    static let insertSQL = """
        INSERT OR IGNORE INTO event (id, program, groupID, kind, date, item, body, meeting)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
        """

    static func chunk(_ events: [ProgressEvent]) -> Chunk {
        var chunk = Chunk()
        chunk.text.reserveCapacity(events.count * 400)
        chunk.ends.reserveCapacity(events.count * textColumns)
        chunk.meetings.reserveCapacity(events.count)
        chunk.items.reserveCapacity(events.count)
        func add(_ value: String) {
            chunk.text.append(contentsOf: value.utf8)
            chunk.ends.append(chunk.text.count)
        }
        for event in events {
            let body = EventJSON.encode(event)
            add(event.id)
            add(event.program)
            add(event.group)
            add(event.kind.rawValue)
            add(event.date.description)
            add(event.item ?? "")
            add(body)
            chunk.meetings.append(event.meetingNumber)
            chunk.items.append(event.item != nil)
            chunk.bytes += body.utf8.count
        }
        chunk.text.append(0)
        return chunk
    }

    /// Calls `body` with each chunk's rows, in order, while the next chunks are made on another thread.
    func forEachChunk(_ body: (Chunk) throws -> Void) throws {
        let queue = Handoff()
        let source = self.source
        let maker = Thread {
            defer { queue.finished.signal() }
            while true {
                queue.free.wait()
                if queue.isCancelled { return }
                do {
                    guard let events = try source.next() else { return queue.put(.end) }
                    queue.put(.rows(Self.chunk(events)))
                } catch {
                    return queue.put(.failed(error))
                }
            }
        }
        maker.start()
        defer { queue.finished.wait() } // the maker never outlives the call
        do {
            while true {
                switch queue.take() {
                case .rows(let chunk): try body(chunk)
                case .end: return
                case .failed(let error): throw error
                }
            }
        } catch {
            queue.cancel()
            source.stop()
            throw error
        }
    }

    /// Where the maker's events come from: called on its thread only.
    private struct Source: @unchecked Sendable {
        let next: () throws -> [ProgressEvent]?
        /// Wakes a maker waiting in `next` (which then returns nil), once the inserts stopped.
        let stop: () -> Void
    }

    /// An array's events a chunk at a time (taken on the maker's thread only).
    private final class Slices: @unchecked Sendable {
        let events: [ProgressEvent]
        var start = 0

        init(events: [ProgressEvent]) { self.events = events }

        func next() -> [ProgressEvent]? {
            guard start < events.count else { return nil }
            let end = min(events.count, start + BulkRows.chunk)
            defer { start = end }
            return Array(events[start..<end])
        }
    }

    /// What the maker passes on: a chunk, the end, or why it stopped.
    private enum Item {
        case rows(Chunk)
        case end
        case failed(any Error)
    }

    /// Chunks passed from the maker to the inserter, in order, with semaphores for made and free slots.
    private final class Handoff: @unchecked Sendable {
        let free = DispatchSemaphore(value: BulkRows.depth)
        let made = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var items: [Item] = []
        private var cancelled = false

        private func locked<T>(_ body: () -> T) -> T {
            lock.lock()
            defer { lock.unlock() }
            return body()
        }

        var isCancelled: Bool { locked { cancelled } }

        func put(_ item: Item) {
            locked { items.append(item) }
            made.signal()
        }

        /// The next item, waiting until it is made.
        func take() -> Item {
            made.wait()
            let item = locked { items.isEmpty ? Item.end : items.removeFirst() }
            free.signal()
            return item
        }

        /// Stops the maker at its next chunk. `free` is given back every slot the maker may hold
        /// (``BulkRows/depth`` chunks made and not taken, and one it waits for): a semaphore
        /// released below its first value stops the process.
        func cancel() {
            locked { cancelled = true }
            for _ in 0...BulkRows.depth { free.signal() }
        }
    }
}
