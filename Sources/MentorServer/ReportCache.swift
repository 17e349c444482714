import Foundation
import Hummingbird
import MentorCore
import MentorStore

/// Whole-program reports, kept until the journal changes. Every group's folded state and report
/// part (``ProgramReport/GroupPart``) are kept too: when events were added since (by this server,
/// another server on the same journal, or the CLI), only the groups they belong to are read,
/// folded and reported again, and the report is summed anew from the parts. A dashboard shown
/// many times costs one fold of the journal, and a write one group's. Requests that arrive while
/// a report is being made wait for that one.
actor ReportCache {
    private struct Key: Hashable {
        var program: String
        /// The program file's version: a changed file (a match accepted) makes the report again.
        var version: String
        var revision: JournalRevision
        var day: CalendarDate
    }

    /// Every group's state and part as of an event sequence number and a day.
    private struct Folded: Sendable {
        var version: String
        var sequence: Int64
        var day: CalendarDate
        var states: [String: GroupState]
        var parts: [String: ProgramReport.GroupPart]
    }

    /// A report and who came to each program event, read once for both (the dashboard's forms need the names).
    struct Made: Sendable {
        var report: ProgramReport
        var attendance: [String: Set<String>]
    }

    private var made: [String: (key: Key, task: Task<Made, any Error>)] = [:]
    /// The newest fold of each program, running or done. Each fold starts from the one before it,
    /// so folds never run side by side: a request that comes while the journal is being read
    /// waits for that read and then folds only what was written meanwhile.
    private var latest: [String: Task<Folded, any Error>] = [:]

    /// `served`'s report for `today`, from the cache when the journal has not changed.
    func report(for served: ServedProgram, today: CalendarDate) async throws -> Made {
        let journal = served.journal
        let key = Key(program: served.program.id, version: served.version, revision: try await journal.revision(), day: today)
        if let entry = made[key.program], entry.key == key { return try await entry.task.value }
        let previous = latest[key.program]
        let fold = Task { () async throws -> Folded in
            var before = try? await previous?.value // a failed fold is started over
            if before?.version != served.version { before = nil } // a changed program file: every group again
            // Read after the revision: a state may already hold later events, which only folds them again next time.
            var now = Folded(version: served.version, sequence: key.revision.events, day: today, states: [:], parts: [:])
            var changed: Set<String>? = nil // nil: every group
            if let before {
                now.sequence = max(now.sequence, before.sequence)
                (now.states, changed) = try await journal.refreshed(before.states, since: before.sequence)
                if before.day == today { now.parts = before.parts } else { changed = nil }
            } else {
                now.states = try await journal.summary().states
            }
            let (program, builder, states) = (served.program, served.builder, now.states)
            let todo = program.groups.filter { changed?.contains($0.id) ?? true || now.parts[$0.id] == nil }
            // A plugin type's parts ask the plugin (agendas, measures): off the cooperative threads.
            let parts = try await served.callingType { () throws(ProgramTypeError) in
                var parts: [(String, ProgramReport.GroupPart)] = []
                for group in todo {
                    parts.append(
                        (
                            group.id,
                            try ProgramReport.part(
                                of: group, program: program, builder: builder,
                                state: states[group.id], today: today)
                        ))
                }
                return parts
            }
            for (id, part) in parts { now.parts[id] = part }
            return now
        }
        latest[key.program] = fold
        let task = Task { () async throws -> Made in
            let now = try await fold.value
            let attendance = try await journal.attendance()
            return Made(
                report: ProgramReport.whole(
                    program: served.program, parts: served.program.groups.compactMap { now.parts[$0.id] },
                    today: today, attendance: attendance),
                attendance: attendance)
        }
        made[key.program] = (key, task)
        do {
            return try await task.value
        } catch {
            if made[key.program]?.key == key { made[key.program] = nil } // a failure is not kept
            throw error
        }
    }
}
