import MentorCore
import Synchronization

/// Groups' folded states kept between requests, so that a page seen again does not read and fold
/// the group's events again when nothing was recorded for it since.
///
/// Kept correct when other processes or servers write to the same journal: before it answers, the
/// cache asks the journal for its latest sequence number and the groups with events after the
/// number it last checked (``Journal/changes(program:after:)``, one question).
/// A state is used only when it was read after the last event of its group that the cache knows
/// of; otherwise it is continued with the group's events since (a void among them, which may
/// undo an earlier event, has the group read whole). Every read stops at the sequence number
/// checked before it, so that a state holds exactly the events up to it. This relies on the
/// journal's sequence numbers becoming visible in order (SQLite has one writer at a time; the
/// PostgreSQL journal takes one lock around every event insert).
///
/// At most `capacity` states are kept per program; the least recently used go first.
public final class GroupStateCache: Sendable {
    private struct Entry {
        var state: GroupState
        /// The journal's latest sequence number before the state was read: it holds every event up to it.
        var readAfter: Int64
        var used: UInt64
    }

    private struct Kept {
        /// The program file's version the states were folded under (its rules).
        var version: String
        /// Changes are known from this sequence number (the journal's when the program was first
        /// asked for: nothing was kept before it)...
        var start: Int64
        /// ...up to this one.
        var checked: Int64
        /// For each group with events after a state was read: the sequence number they were seen at.
        var changed: [String: Int64] = [:]
        var entries: [String: Entry] = [:]
        var clock: UInt64 = 0
    }

    private let kept = Mutex<[String: Kept]>([:])
    /// How many states are kept per program.
    public let capacity: Int

    public init(capacity: Int = 1_000) {
        self.capacity = max(1, capacity)
    }

    /// Where a state came from: kept from an earlier read, a kept one continued with the events
    /// recorded since, or read now.
    public enum Outcome: Sendable, Equatable {
        case kept, continued, read
    }

    /// The state of `group`, from the cache when nothing was recorded for it since it was read.
    /// `version` names the program file's version: a changed file starts over.
    public func state(of group: ProgramGroup, in journal: ProgramJournal, version: String) async throws(StoreError) -> GroupState {
        try await stateAndOutcome(of: group, in: journal, version: version).state
    }

    /// ``state(of:in:version:)``, saying whether it was kept, continued or read.
    public func stateAndOutcome(of group: ProgramGroup, in journal: ProgramJournal, version: String) async throws(StoreError)
        -> (state: GroupState, outcome: Outcome)
    {
        let program = journal.program.id
        // The journal's latest sequence number and the groups written since the cache last
        // looked, in one question (one round trip to a database server).
        let since: Int64? = kept.withLock { all in all[program]?.version == version ? all[program]?.checked : nil }
        let (latest, changed) = try await journal.changes(after: since ?? .max)
        kept.withLock { all in
            guard var programKept = all[program], programKept.version == version else {
                all[program] = Kept(version: version, start: latest, checked: latest)
                return
            }
            guard let since, since < latest else { return }
            // Their kept states stay, to be continued with the events since.
            for id in changed { programKept.changed[id] = max(programKept.changed[id] ?? 0, latest) }
            programKept.checked = max(programKept.checked, latest)
            all[program] = programKept
        }
        // The kept state, and whether events were recorded for the group since it was read.
        let found: (entry: Entry, stale: Bool)? = kept.withLock { all in
            guard var programKept = all[program], var entry = programKept.entries[group.id] else { return nil }
            programKept.clock += 1
            entry.used = programKept.clock
            programKept.entries[group.id] = entry
            all[program] = programKept
            return (entry, entry.readAfter < programKept.changed[group.id] ?? 0)
        }
        if let found, !found.stale { return (found.entry.state, .kept) }
        // Exactly the events up to `latest`, so that the state's `readAfter` says what it holds:
        // a kept state continued with the events since, or the group read whole.
        let (state, continued) = try await journal.state(
            of: group, continuing: found.map { ($0.entry.state, $0.entry.readAfter) }, through: latest)
        kept.withLock { all in
            guard var programKept = all[program], programKept.version == version, latest >= programKept.start else { return }
            programKept.clock += 1
            programKept.entries[group.id] = Entry(state: state, readAfter: latest, used: programKept.clock)
            if programKept.entries.count > capacity {
                // Drop the least recently used eighth at once, so that this sort is rare.
                let drop = programKept.entries.sorted { $0.value.used < $1.value.used }.prefix(max(1, capacity / 8))
                for (id, _) in drop { programKept.entries[id] = nil }
            }
            all[program] = programKept
        }
        return (state, continued ? .continued : .read)
    }
}

extension ProgramJournal {
    /// The journal's latest event sequence number and this program's groups written after
    /// `sequence` (see ``Journal/changes(program:after:)``).
    func changes(after sequence: Int64) async throws(StoreError) -> (latest: Int64, groups: Set<String>) {
        try await journal?.changes(program: program.id, after: sequence) ?? (0, [])
    }
}
