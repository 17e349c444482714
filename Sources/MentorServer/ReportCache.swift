import Foundation
import Hummingbird
import MentorCore
import MentorStore
import Synchronization

/// Whole-program reports, kept until the journal changes. Every group's folded state and report
/// part (``ProgramReport/GroupPart``) are kept too: when events were added since (by this server,
/// another server on the same journal, or the CLI), only the groups they belong to are read,
/// folded and reported again, and the report is summed anew from the parts. A dashboard shown
/// many times costs one fold of the journal, and a write one group's. Requests that arrive while
/// a report is being made wait for that one, or, when they accept it, get the one made before
/// (marked as such) while a newer one is on its way.
///
/// A class with a lock, not an actor: a busy server has a queue of work, and a request that hops
/// onto an actor and back (and off it to read the journal's revision) waits its turn in that queue
/// once per hop. As an actor, dashboards took about half a second under load for a few
/// milliseconds of work.
final class ReportCache: Sendable {
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
        /// Whether `states` hold exactly the events up to `sequence` (a first fold, read while
        /// others wrote, may hold some later ones; see ``ProgramJournal/refreshed(_:since:through:exact:)``).
        var exact: Bool
    }

    /// A report and who came to each program event, read once for both (the dashboard's forms need the names).
    struct Made: Sendable {
        var report: ProgramReport
        var attendance: [String: Set<String>]
        /// The report's charts as HTML, drawn once per report (``ReportChart``).
        var charts: String
        /// When the report was finished.
        var at: Date
        /// True when the journal has changed since this report was made and a newer one is being
        /// made: what a dashboard shows while it waits for nobody.
        var isEarlier = false
    }

    private struct Kept {
        var made: [String: (key: Key, task: Task<Made, any Error>)] = [:]
        /// The last report finished for each program.
        var finished: [String: (key: Key, made: Made)] = [:]
        /// The newest fold of each program, running or done. Each fold starts from the one before
        /// it, so folds never run side by side: a request that comes while the journal is being
        /// read waits for that read and then folds only what was written meanwhile.
        var latest: [String: Task<Folded, any Error>] = [:]
    }

    private let kept = Mutex(Kept())
    /// Runs before each fold (tests hold a fold back with it, to see what others get meanwhile).
    private let beforeFold: (@Sendable () async -> Void)?

    /// How long after a report was finished dashboards show it before one of them starts the
    /// next: a busy journal is then folded for dashboards at most about this often, not once per
    /// dashboard (see ``report(for:today:acceptEarlier:)``). Downloads don't wait for it.
    let spacing: Duration

    init(spacing: Duration = .seconds(2), beforeFold: (@Sendable () async -> Void)? = nil) {
        self.spacing = spacing
        self.beforeFold = beforeFold
    }

    /// `served`'s report for `today`, from the cache when the journal has not changed.
    ///
    /// With `acceptEarlier` (a dashboard), a request never waits for a report when there is an
    /// earlier one for the same program file and day: it gets that one, marked (``Made/isEarlier``),
    /// and a new one is started unless one is being made already or the last was finished less
    /// than ``spacing`` ago. Under many writes a dashboard then costs a page, not a queue of
    /// reports, and the journal is folded for dashboards about once per spacing. Other requests
    /// (downloads, the page after recording attendance), the first report, a changed program file
    /// and another day wait for a report of the journal as they found it.
    func report(for served: ServedProgram, today: CalendarDate, acceptEarlier: Bool = false) async throws -> Made {
        let journal = served.journal
        let key = Key(program: served.program.id, version: served.version, revision: try await journal.revision(), day: today)
        enum Next {
            case show(Made)
            case wait(Task<Made, any Error>)
        }
        let next: Next = kept.withLock { kept in
            let last = kept.finished[key.program]
            if let last, last.key == key { return .show(last.made) } // made for the journal as it is
            let earlier: Made? = last.flatMap { last in
                guard acceptEarlier, last.key.version == key.version, last.key.day == key.day else { return nil }
                var earlier = last.made
                earlier.isEarlier = true
                return earlier
            }
            if let entry = kept.made[key.program] {
                // A newer report than the last finished one is being made.
                if let earlier, entry.key != last?.key { return .show(earlier) }
                if entry.key == key { return .wait(entry.task) }
            }
            if let earlier, Duration.seconds(Date().timeIntervalSince(earlier.at)) < spacing { return .show(earlier) }
            let task = start(served, key: key, after: kept.latest[key.program], today: today, in: &kept)
            if let earlier { return .show(earlier) } // the new one shows on the next view
            return .wait(task)
        }
        switch next {
        case .show(let made): return made
        case .wait(let task): return try await value(of: task, key: key)
        }
    }

    /// Starts the fold and the report of `served` for `key` (from the fold `previous`), and keeps
    /// both in `kept`.
    private func start(
        _ served: ServedProgram, key: Key, after previous: Task<Folded, any Error>?, today: CalendarDate, in kept: inout Kept
    ) -> Task<Made, any Error> {
        let (journal, beforeFold) = (served.journal, beforeFold)
        // At the priority of page requests: dashboards don't wait for it, and pages must not wait
        // behind it.
        let fold = Task.detached { () async throws -> Folded in
            await beforeFold?()
            var before = try? await previous?.value // a failed fold is started over
            if before?.version != served.version { before = nil } // a changed program file: every group again
            // Up to the revision this request found: the states then hold exactly the events up to it.
            var now = Folded(version: served.version, sequence: key.revision.events, day: today, states: [:], parts: [:], exact: false)
            var changed: Set<String>? = nil // nil: every group
            if let before {
                now.sequence = max(now.sequence, before.sequence)
                (now.states, changed) = try await journal.refreshed(
                    before.states, since: before.sequence, through: now.sequence, exact: before.exact)
                now.exact = true
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
        kept.latest[key.program] = fold
        let task = Task.detached { [self] () async throws -> Made in
            let now = try await fold.value
            let attendance = try await journal.attendance()
            let report = ProgramReport.whole(
                program: served.program, parts: served.program.groups.compactMap { now.parts[$0.id] },
                today: today, attendance: attendance)
            let made = Made(
                report: report, attendance: attendance, charts: ReportChart.charts(for: report).map { $0.html() }.joined(),
                at: Date())
            self.keep(made, key: key)
            return made
        }
        kept.made[key.program] = (key, task)
        return task
    }

    /// `made` as the last finished report of its program, unless a newer one was finished first.
    private func keep(_ made: Made, key: Key) {
        kept.withLock { kept in
            if let last = kept.finished[key.program], last.key.version == key.version, last.key.day == key.day,
                last.key.revision.events > key.revision.events || last.key.revision.attendance > key.revision.attendance
            {
                return
            }
            kept.finished[key.program] = (key, made)
        }
    }

    /// The task's report; a failure is not kept.
    private func value(of task: Task<Made, any Error>, key: Key) async throws -> Made {
        do {
            return try await task.value
        } catch {
            kept.withLock { kept in
                if kept.made[key.program]?.key == key { kept.made[key.program] = nil }
            }
            throw error
        }
    }
}
