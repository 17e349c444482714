import Foundation
import GRDB
import MentorCore

/// The rows of many events, made on another thread a chunk at a time while the caller's thread
/// inserts the chunks made before: an import's two halves (JSON and columns; SQLite) on two cores.
///
/// The maker runs at most ``depth`` chunks ahead, so no more than that many chunks of rows are held
/// at once. Chunks reach the caller in order; when the caller's body throws, the maker stops.
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

    let events: [ProgressEvent]

    init(_ events: [ProgressEvent]) { self.events = events }

    /// The statement arguments of `event`'s row: id, program, groupID, kind, date, meeting, item, body.
    static func arguments(_ event: ProgressEvent) -> StatementArguments {
        [
            event.id, event.program, event.group, event.kind.rawValue, event.date.description, event.meetingNumber, event.item,
            EventJSON.encode(event),
        ]
    }

    /// Calls `body` with each chunk's rows, in order, while the next chunks are made on another thread.
    func forEachChunk(_ body: ([StatementArguments]) throws -> Void) throws {
        let count = (events.count + Self.chunk - 1) / Self.chunk
        let queue = Handoff()
        let events = self.events
        DispatchQueue.global().async {
            defer { queue.finished.signal() }
            for index in 0..<count {
                queue.free.wait()
                if queue.isCancelled { return }
                let rows = events[index * Self.chunk..<min(events.count, (index + 1) * Self.chunk)].map(Self.arguments)
                queue.put(rows, at: index)
            }
        }
        defer { queue.finished.wait() } // the maker never outlives the call
        do {
            for index in 0..<count { try body(queue.take(index)) }
        } catch {
            queue.cancel()
            throw error
        }
    }

    /// Chunks passed from the maker to the inserter, with semaphores for made and free slots.
    private final class Handoff: @unchecked Sendable {
        let free = DispatchSemaphore(value: BulkRows.depth)
        let made = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var chunks: [Int: [StatementArguments]] = [:]
        private var cancelled = false

        private func locked<T>(_ body: () -> T) -> T {
            lock.lock()
            defer { lock.unlock() }
            return body()
        }

        var isCancelled: Bool { locked { cancelled } }

        func put(_ rows: [StatementArguments], at index: Int) {
            locked { chunks[index] = rows }
            made.signal()
        }

        /// The rows of chunk `index`, waiting until they are made (chunks are made in order).
        func take(_ index: Int) -> [StatementArguments] {
            made.wait()
            let rows = locked { chunks.removeValue(forKey: index) ?? [] }
            free.signal()
            return rows
        }

        /// Stops the maker at its next chunk.
        func cancel() {
            locked { cancelled = true }
            for _ in 0..<BulkRows.depth { free.signal() }
        }
    }
}
