// INTERIM: a `Journal` held in memory, for `mentor serve --store memory:` and the server's tests,
// until MentorStore's `ProgressStore.inMemory()` lands. DELETE THIS FILE then.
import Foundation
import MentorCore
import MentorStore
import Synchronization

/// A journal in memory: lost when the process ends.
public final class MemoryJournal: Journal {
    private struct Contents {
        var events: [(key: String, event: ProgressEvent)] = []
        var records: [JournalRecord] = []
    }

    private let contents = Mutex(Contents())

    /// An empty journal.
    public init() {}

    public var location: String { "memory:" }

    public func append(_ new: [ProgressEvent]) async throws(StoreError) -> Int {
        contents.withLock { contents in
            let known = Set(contents.events.map(\.event.id))
            let added = new.filter { !known.contains($0.id) }
            contents.events += added.map { ($0.program, $0) }
            return added.count
        }
    }

    public func appendNumbered(program: String, group: String, kind: EventKind, prefix: String,
                               make: @Sendable (Int) -> ProgressEvent) async throws(StoreError) -> ProgressEvent {
        contents.withLock { contents in
            let numbers = contents.events.map(\.event).filter { $0.group == group }.compactMap { event -> Int? in
                switch event.body {
                case .goal(let goal) where EventKind(rawValue: "goal-\(goal.change.rawValue)") == kind:
                    return goal.goal.hasPrefix(prefix) ? Int(goal.goal.dropFirst(prefix.count)) : nil
                case .action(let action) where EventKind(rawValue: "action-\(action.change.rawValue)") == kind:
                    return action.action.hasPrefix(prefix) ? Int(action.action.dropFirst(prefix.count)) : nil
                default: return nil
                }
            }
            let event = make(max(numbers.max() ?? 0, numbers.count) + 1)
            contents.events.append((program, event))
            return event
        }
    }

    public func forEachEvent(program: String, group: String?,
                             _ body: (Result<ProgressEvent, UnreadableEvent>) throws -> Void) async throws(StoreError) {
        let events = contents.withLock { $0.events }
        do {
            for (key, event) in events where key == program && (group == nil || event.group == group) {
                try body(.success(event))
            }
        } catch {
            throw .io(path: location, detail: "\(error)")
        }
    }

    public func programs() async throws(StoreError) -> [String: Int] {
        contents.withLock { $0.events.reduce(into: [:]) { $0[$1.key, default: 0] += 1 } }
    }

    public func addRecord(_ record: JournalRecord, unique: Bool) async throws(StoreError) -> Bool {
        contents.withLock { contents in
            if unique, contents.records.contains(where: { $0.kind == record.kind && $0.key == record.key }) { return false }
            contents.records.append(record)
            return true
        }
    }

    public func records(kind: RecordKind, key: String) async throws(StoreError) -> [JournalRecord] {
        contents.withLock { $0.records.filter { $0.kind == kind && $0.key == key } }
    }

    public func countRecords(kind: RecordKind, key: String?, since: Date) async throws(StoreError) -> Int {
        contents.withLock { $0.records.filter { $0.kind == kind && (key == nil || $0.key == key) && $0.at >= since }.count }
    }
}
