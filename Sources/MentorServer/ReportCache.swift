import Foundation
import Hummingbird
import MentorCore
import MentorStore

/// Whole-program reports, kept until the journal changes. Every group's folded state and report
/// part (``ProgramReport/GroupPart``) are kept too: when events were added since (by this server,
/// another server on the same journal, or the CLI), only the groups they belong to are read,
/// folded and reported again, and the report is summed anew from the parts. A dashboard shown
/// many times costs one fold of the journal, and a write one group's. Requests that arrive while
/// a report is being made wait for that one, or, when they accept it, get the one made before
/// (marked as such) while a newer one is on its way.
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
        /// The report's charts as HTML, drawn once per report (``ReportChart``).
        var charts: String
        /// When the report was finished.
        var at: Date
        /// True when the journal has changed since this report was made and a newer one is being
        /// made: what a dashboard shows while it waits for nobody.
        var isEarlier = false
    }

    private var made: [String: (key: Key, task: Task<Made, any Error>)] = [:]
    /// The last report finished for each program.
    private var finished: [String: (key: Key, made: Made)] = [:]
    /// The newest fold of each program, running or done. Each fold starts from the one before it,
    /// so folds never run side by side: a request that comes while the journal is being read
    /// waits for that read and then folds only what was written meanwhile.
    private var latest: [String: Task<Folded, any Error>] = [:]
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
        let last = finished[key.program]
        if let last, last.key == key { return last.made } // made for the journal as it is
        let earlier: Made? = last.flatMap { last in
            guard acceptEarlier, last.key.version == key.version, last.key.day == key.day else { return nil }
            var earlier = last.made
            earlier.isEarlier = true
            return earlier
        }
        if let entry = made[key.program] {
            // A newer report than the last finished one is being made.
            if let earlier, entry.key != last?.key { return earlier }
            if entry.key == key { return try await value(of: entry.task, key: key) }
        }
        if let earlier, Duration.seconds(Date().timeIntervalSince(earlier.at)) < spacing { return earlier }
        let (previous, beforeFold) = (latest[key.program], beforeFold)
        // A report is waited for by every dashboard after it: it goes ahead of page requests in the
        // queue of work (a busy server otherwise makes each of its steps wait behind every request).
        // Detached: a fold's parts are computed without suspending, and on this actor they would
        // hold up every dashboard that only wants the last report meanwhile.
        let fold = Task.detached(priority: .high) { () async throws -> Folded in
            await beforeFold?()
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
        // Detached, so that summing the parts and drawing the charts run off this actor, which
        // other dashboards pass through meanwhile; only keeping the result comes back to it.
        let task = Task.detached(priority: .high) { [self] () async throws -> Made in
            let now = try await fold.value
            let attendance = try await journal.attendance()
            let report = ProgramReport.whole(
                program: served.program, parts: served.program.groups.compactMap { now.parts[$0.id] },
                today: today, attendance: attendance)
            let made = Made(
                report: report, attendance: attendance, charts: ReportChart.charts(for: report).map { $0.html() }.joined(),
                at: Date())
            await self.keep(made, key: key)
            return made
        }
        made[key.program] = (key, task)
        if let earlier { return earlier } // the new one shows on the next view
        return try await value(of: task, key: key)
    }

    /// `made` as the last finished report of its program, unless a newer one was finished first.
    private func keep(_ made: Made, key: Key) {
        if let last = finished[key.program], last.key.version == key.version, last.key.day == key.day,
            last.key.revision.events > key.revision.events || last.key.revision.attendance > key.revision.attendance
        {
            return
        }
        finished[key.program] = (key, made)
    }

    /// The task's report; a failure is not kept.
    private func value(of task: Task<Made, any Error>, key: Key) async throws -> Made {
        do {
            return try await task.value
        } catch {
            if made[key.program]?.key == key { made[key.program] = nil }
            throw error
        }
    }
}
