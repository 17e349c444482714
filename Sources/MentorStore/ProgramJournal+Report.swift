import Foundation
import MentorCore

extension ProgramJournal {
    /// The report on every group of the program as of `today`, with its overview (events,
    /// engagement by month, early endings) and trends: what `mentor report` prints and the server's
    /// dashboard draws. Private notes, answers and reasons are in it only with `includePrivate`
    /// (for the pair itself). `summary` is the journal already folded (``summary(ways:)``), when the
    /// caller has it. With `ways` above 1, groups are folded and their parts made that many at a
    /// time, side by side (the same report, on more cores).
    public func report(today: CalendarDate, summary: Summary? = nil, includePrivate: Bool = false, ways: Int = 1) async throws
        -> ProgramReport
    {
        let states: [String: GroupState]
        if let summary { states = summary.states } else { states = try await self.summary(ways: ways).states }
        return try await report(today: today, states: states, includePrivate: includePrivate, ways: ways)
    }

    /// The same report from each group's state already folded (a cache's; ``summary(ways:)``'s).
    public func report(
        today: CalendarDate, states: [String: GroupState], includePrivate: Bool = false,
        ways: Int = 1
    ) async throws -> ProgramReport {
        let (program, builder) = (self.program, self.builder)
        let parts = try await Self.inShares(program.groups, ways: ways) { group throws(ProgramTypeError) in
            try ProgramReport.part(of: group, program: program, builder: builder, state: states[group.id], today: today)
        }
        var report = ProgramReport.whole(program: program, parts: parts, today: today, attendance: try await attendance())
        if includePrivate { // the same rows with what only the pairs may see
            let rows = try ProgramReport.make(program: program, builder: builder, states: states, today: today, includePrivate: true)
            report.groups = rows.groups
            report.includesPrivate = true
        }
        return report
    }

    /// `transform` of each of `items`, in order, made in `ways` shares of consecutive items side
    /// by side. The first item that fails, in order, stops its share, and its error is thrown (as
    /// when made one by one).
    static func inShares<T: Sendable, Failure: Error>(
        _ items: [ProgramGroup], ways: Int,
        _ transform: @escaping @Sendable (ProgramGroup) throws(Failure) -> T
    ) async throws(Failure) -> [T] {
        let ways = max(1, min(ways, items.count))
        guard ways > 1 else { return try items.map(transform) }
        let shares = (0..<ways).map { index in Array(items[index * items.count / ways..<(index + 1) * items.count / ways]) }
        let made = await withTaskGroup(of: (Int, Result<[T], Failure>).self) { tasks in
            for (index, share) in shares.enumerated() {
                tasks.addTask { (index, Result { () throws(Failure) in try share.map(transform) }) }
            }
            var made = [Result<[T], Failure>](repeating: .success([]), count: ways)
            for await (index, result) in tasks { made[index] = result }
            return made
        }
        var all: [T] = []
        all.reserveCapacity(items.count)
        for result in made { all += try result.get() }
        return all
    }

    /// `states`, which hold every group's events up to the journal's sequence number `sequence`,
    /// brought up to date with the events up to `through`; `changed` names the groups with events
    /// between. When `exact`, each state holds exactly its events up to `sequence`, and is
    /// continued with its events since (one read of the range of sequence numbers, however large
    /// the journal); otherwise (states folded while others wrote may already hold some later
    /// events), and for a group with a void or an unreadable row among them, the group is read
    /// whole up to `through`. Either way the states then hold exactly the events up to `through`.
    /// How a server keeps every group's state without reading the whole journal after each
    /// write (its own or another server's).
    public func refreshed(_ states: [String: GroupState], since sequence: Int64, through: Int64, exact: Bool)
        async throws(StoreError) -> (states: [String: GroupState], changed: Set<String>)
    {
        guard let journal else { return (states, []) }
        var states = states
        var later: [String: [ProgressEvent]] = [:]
        var whole: Set<String> = []
        try await journal.forEachEvent(program: program.id, group: nil, after: sequence, through: through) { result in
            switch result {
            case .success(let event): later[event.group, default: []].append(event)
            case .failure(let row): whole.insert(row.group)
            }
        }
        let changed = whole.union(later.keys)
        // A group no longer in the file is not reported.
        let groups = program.groups.filter { changed.contains($0.id) }
        let rules = await typeRules(for: groups)
        for group in groups where exact && !whole.contains(group.id) {
            let kept = states[group.id] ?? rules.emptyState(group.id)
            if let state = ProgressLedger.state(kept, continuedWith: later[group.id] ?? [], rules: rules) {
                states[group.id] = state
            } else {
                whole.insert(group.id)
            }
        }
        for group in groups where !exact || whole.contains(group.id) {
            states[group.id] = try await wholeState(of: group, through: through, rules: rules)
        }
        return (states, changed)
    }

    /// A number that changes whenever an event or an attendance record is added to the journal
    /// (by this process or another, on this machine or another): a cache of anything folded from
    /// the journal is fresh while it is unchanged. Zero before anything is recorded.
    public func revision() async throws(StoreError) -> JournalRevision {
        guard let journal else { return JournalRevision(events: 0, attendance: 0) }
        return JournalRevision(
            events: try await journal.latestSequence(),
            attendance: try await journal.countRecords(kind: .attendance, key: nil, since: .distantPast))
    }
}
