import Diagnostics
import Foundation
import MentorCore

/// Why something could not be recorded.
public enum RecordingError: Error, Equatable, CustomStringConvertible {
    /// What was to be recorded breaks the program's rules; nothing was written. Each problem names
    /// its field (``ProgressProblem/field``), so a form can show it next to that field and a command
    /// next to its option.
    case rejected([ProgressProblem])
    /// The journal could not be read or written.
    case store(StoreError)

    public var description: String {
        switch self {
        case .rejected(let problems): return problems.map(\.description).joined(separator: "\n")
        case .store(let error): return error.description
        }
    }
}

/// One program and its journal: how the command line and the web app read a group's progress and
/// record what happened, through the same rules (a form post and a command record through these
/// functions, nothing else).
///
/// Reading one group reads that group's events only. Recording checks the new events against the
/// group's events (``ProgressLedger``) and appends them in one transaction; goals and actions are
/// numbered (g1, a1, ...) inside the write, so two people recording at once never share a number.
public struct ProgramJournal: Sendable {
    /// The program.
    public let program: Program
    /// Its plans, as loaded.
    public let plans: [PlanTemplate]
    /// Lays out its groups' schedules and agendas.
    public let builder: AgendaBuilder
    /// The journal read from; nil when nothing has been recorded yet (no journal file).
    public let journal: (any Journal)?
    /// Opens the journal for recording (making it when missing), when that differs from
    /// ``journal``: a command reads a journal read-only, and opens it for writing only once what it
    /// records has passed the rules, so that a refused command leaves nothing behind.
    private let openForRecording: (@Sendable () throws(StoreError) -> any Journal)?

    /// A program with its journal. `openForRecording` is called once per recording, when the events
    /// have passed the rules; without it, ``journal`` records.
    public init(
        program: Program, plans: [PlanTemplate], builder: AgendaBuilder, journal: (any Journal)?,
        openForRecording: (@Sendable () throws(StoreError) -> any Journal)? = nil
    ) {
        self.program = program
        self.plans = plans
        self.builder = builder
        self.journal = journal
        self.openForRecording = openForRecording
    }

    // MARK: - Reading

    /// What was read: the events folded into each group's state, and rows that can't be decoded.
    public struct Reading: Sendable {
        /// The events, checked and folded.
        public var ledger: ProgressLedger
        /// Rows that could not be decoded (reported, and left out).
        public var unreadable: [UnreadableEvent]
    }

    /// The rules the program's events keep, with the schedules of `groups` (those whose events are read).
    public func rules(for groups: [ProgramGroup]) -> ProgressRules {
        // A group whose schedule can't be had (an external type failing) is not checked for
        // meeting numbers here; its agendas report the failure themselves.
        let meetings = groups.reduce(into: [String: Int]()) { counts, group in
            counts[group.id] = try? builder.schedule(for: group).count
        }
        return ProgressRules(program: program, plans: plans, meetings: meetings, continuity: builder.type.description.continuity)
    }

    /// `rules(for:)` from async code: a plugin type's schedules are asked for off the cooperative
    /// threads (`ProgramTypeHandle.calling`).
    func typeRules(for groups: [ProgramGroup]) async -> ProgressRules {
        let journal = self
        return await builder.type.calling { journal.rules(for: groups) }
    }

    /// Reads the events of `group` (every group's when nil) and folds them.
    public func read(group: ProgramGroup?) async throws(StoreError) -> Reading {
        var events: [ProgressEvent] = []
        var unreadable: [UnreadableEvent] = []
        try await journal?.forEachEvent(program: program.id, group: group?.id) { result in
            switch result {
            case .success(let event): events.append(event)
            case .failure(let row): unreadable.append(row)
            }
        }
        let ledger = ProgressLedger(
            rules: await typeRules(for: group.map { [$0] } ?? program.groups), stored: events,
            unreadable: Dictionary(unreadable.map { ($0.id, $0.group) }, uniquingKeysWith: { first, _ in first }))
        return Reading(ledger: ledger, unreadable: unreadable)
    }

    /// Every group's state, folded one group at a time (``Journal/forEachGroup(program:_:)``), so
    /// that the events are never all in memory: what whole-program reports read.
    public struct Summary: Sendable {
        /// Each group's state (groups with events only).
        public var states: [String: GroupState] = [:]
        /// Stored events left out because they break the program's rules.
        public var ignored: [ProgressLedger.Ignored] = []
        /// Rows that could not be decoded and are not voided.
        public var unreadable: [UnreadableEvent] = []

        /// Adds the summary of other groups.
        mutating func add(_ other: Summary) {
            states.merge(other.states) { mine, _ in mine }
            ignored += other.ignored
            unreadable += other.unreadable
        }
    }

    /// Folds every group's events, one group at a time. With `ways` above 1 the groups are split
    /// into that many ranges (``GroupRange/split(_:into:)``) read and folded side by side, each on
    /// its own connection: the same summary, on more cores.
    public func summary(ways: Int = 1) async throws(StoreError) -> Summary {
        guard let journal else { return Summary() }
        let rules = await typeRules(for: program.groups)
        let (ranges, key) = (GroupRange.split(program.groups.map(\.id), into: ways), program.id)
        if ranges.count == 1 { return try await Self.fold(journal, program: key, range: .all, rules: rules) }
        do {
            return try await withThrowingTaskGroup(of: (Int, Summary).self) { tasks in
                for (index, range) in ranges.enumerated() {
                    tasks.addTask { (index, try await Self.fold(journal, program: key, range: range, rules: rules)) }
                }
                var shares = [Summary](repeating: Summary(), count: ranges.count)
                for try await (index, share) in tasks { shares[index] = share }
                return shares.reduce(into: Summary()) { whole, share in whole.add(share) } // in the ranges' order
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .io(path: journal.location, detail: "\(error)")
        }
    }

    /// The summary of the groups of `range`.
    private static func fold(_ journal: any Journal, program: String, range: GroupRange, rules: ProgressRules) async throws(StoreError)
        -> Summary
    {
        var summary = Summary()
        try await journal.forEachGroup(program: program, in: range) { group, results in
            let (ledger, unreadable) = Self.ledger(of: results, rules: rules)
            summary.states[group] = ledger.state(of: group)
            summary.ignored += ledger.ignored
            summary.unreadable += unreadable.filter { ledger.voids[$0.id] == nil }
        }
        return summary
    }

    /// One group's events (as read, undecodable rows included) folded under `rules`, and the rows
    /// that could not be decoded.
    static func ledger(of results: [Result<ProgressEvent, UnreadableEvent>], rules: ProgressRules)
        -> (ledger: ProgressLedger, unreadable: [UnreadableEvent])
    {
        var events: [ProgressEvent] = []
        var unreadable: [UnreadableEvent] = []
        for result in results {
            switch result {
            case .success(let event): events.append(event)
            case .failure(let row): unreadable.append(row)
            }
        }
        let ledger = ProgressLedger(
            rules: rules, stored: events,
            unreadable: Dictionary(unreadable.map { ($0.id, $0.group) }, uniquingKeysWith: { first, _ in first }))
        return (ledger, unreadable)
    }

    /// One group's events, folded.
    public func ledger(of group: ProgramGroup) async throws(StoreError) -> ProgressLedger {
        try await read(group: group).ledger
    }

    /// `group`'s state holding exactly its events up to sequence number `through`: `kept` (its
    /// state up to `kept.through`) continued with the events recorded since, or, without `kept`
    /// or when one of those is a void or can't be read, all its events folded anew (`continued`
    /// says which).
    public func state(of group: ProgramGroup, continuing kept: (state: GroupState, through: Int64)?, through: Int64)
        async throws(StoreError) -> (state: GroupState, continued: Bool)
    {
        let rules = await typeRules(for: [group])
        if let kept, kept.through <= through {
            var later: [ProgressEvent] = []
            var readable = true
            try await journal?.forEachEvent(program: program.id, group: group.id, after: kept.through, through: through) { result in
                if case .success(let event) = result { later.append(event) } else { readable = false }
            }
            if readable, let state = ProgressLedger.state(kept.state, continuedWith: later, rules: rules) { return (state, true) }
        }
        return (try await wholeState(of: group, through: through, rules: rules), false)
    }

    /// `group`'s events up to sequence number `through`, all of them, folded under `rules`.
    func wholeState(of group: ProgramGroup, through: Int64, rules: ProgressRules) async throws(StoreError) -> GroupState {
        var results: [Result<ProgressEvent, UnreadableEvent>] = []
        try await journal?.forEachEvent(program: program.id, group: group.id, after: 0, through: through) { results.append($0) }
        return Self.ledger(of: results, rules: rules).ledger.state(of: group.id)
    }

    // MARK: - Recording

    /// A new event of the program for `group`, with a fresh id.
    public func event(_ body: ProgressEvent.Body, group: ProgramGroup, date: CalendarDate) -> ProgressEvent {
        ProgressEvent(id: UUID().uuidString.lowercased(), program: program.id, group: group.id, date: date, body: body)
    }

    /// Checks `events` in order against `ledger` (the group's events so far; the same rules
    /// `import` applies) and appends them in one transaction; nothing is written when any breaks a rule.
    public func record(_ events: [ProgressEvent], after ledger: ProgressLedger) async throws(RecordingError) {
        var ledger = ledger
        var problems: [ProgressProblem] = []
        for event in events { problems += ledger.record(event) }
        if !problems.isEmpty { throw .rejected(problems) }
        do {
            let writer = try await recordingJournal()
            try await writer.append(events)
        } catch {
            throw .store(error)
        }
    }

    /// Checks the body `make` builds for the next number of `kind` in the group (with the number it
    /// will most likely get) and appends it, numbered inside the write.
    public func recordNumbered(
        kind: EventKind, prefix: String, group: ProgramGroup, date: CalendarDate,
        after ledger: ProgressLedger,
        _ make: @escaping @Sendable (Int) -> ProgressEvent.Body
    ) async throws(RecordingError) -> ProgressEvent {
        let likely = event(make(Self.nextNumber(kind: kind, prefix: prefix, in: ledger.events, group: group.id)), group: group, date: date)
        let problems = ledger.problems(likely)
        if !problems.isEmpty { throw .rejected(problems) }
        let (programID, groupID) = (program.id, group.id)
        do {
            let writer = try await recordingJournal()
            return try await writer.appendNumbered(program: programID, group: groupID, kind: kind, prefix: prefix) { number in
                ProgressEvent(id: UUID().uuidString.lowercased(), program: programID, group: groupID, date: date, body: make(number))
            }
        } catch {
            throw .store(error)
        }
    }

    /// Appends `events` already checked by the caller (an import, which checks a whole file first),
    /// with this program file's claim on its key checked. Returns how many were new.
    public func appendChecked(_ events: [ProgressEvent]) async throws(StoreError) -> Int {
        try await recordingJournal().append(events)
    }

    /// Whether ``appendChecked(streaming:)`` can be used: the journal is an SQLite one that opening
    /// for recording leaves as it is (``ProgressStore/opensUnchanged()``: it exists, in the current
    /// format). Otherwise (no journal yet, one to migrate, PostgreSQL, whose `COPY` takes the whole
    /// file at once) the caller checks the whole file first and appends with ``appendChecked(_:)``.
    public func canAppendStreaming() throws(StoreError) -> Bool {
        guard let reader = journal as? ProgressStore, openForRecording != nil, reader.location != ":memory:" else { return false }
        return try reader.opensUnchanged()
    }

    /// Appends the events `feed` hands over while the caller checks the rest (an import of a large
    /// file: ``CheckedFeed``), in one transaction with this program file's claim on its key (checked
    /// before anything is written). Returns how many were new, or nil when the check failed and
    /// nothing was written. Only when ``canAppendStreaming()``: refused otherwise, before anything
    /// is opened for writing.
    public func appendChecked(streaming feed: CheckedFeed) async throws(StoreError) -> Int? {
        defer { feed.close() } // a checker waiting for room goes on, whatever happens here
        guard try canAppendStreaming(), let reader = journal else {
            throw .io(path: journal?.location ?? "", detail: "this journal can't take events while they are checked")
        }
        let record = try await ProgramKeys.pendingClaim(program, in: reader)
        return try ProgressStore(appendingTo: reader.location).append(checked: feed, record: record)
    }

    /// The number the journal will most likely give the next numbered event (see ``Journal/appendNumbered(program:group:kind:prefix:make:)``).
    static func nextNumber(kind: EventKind, prefix: String, in events: [ProgressEvent], group: String) -> Int {
        ItemNumbering.next(after: events.filter { $0.group == group && $0.kind == kind }.map(\.item), prefix: prefix)
    }

    /// The journal to record in (made when missing), for records that belong to no group
    /// (invitations and reminders sent): open it once, when there is something to record.
    public func journalForRecording() async throws(StoreError) -> any Journal {
        try await recordingJournal()
    }

    /// The journal to record in, with this program file's claim on its key checked and noted.
    private func recordingJournal() async throws(StoreError) -> any Journal {
        let writer = try await openedForRecording()
        try await ProgramKeys.claim(program, in: writer)
        return writer
    }

    /// The journal to record in, opened (made when missing), its claim not checked.
    private func openedForRecording() async throws(StoreError) -> any Journal {
        let writer: any Journal
        if let openForRecording {
            writer = try openForRecording()
        } else if let journal {
            writer = journal
        } else {
            throw .io(path: "", detail: "no journal to record in")
        }
        return writer
    }

    // MARK: - What people record

    /// Records a meeting held (or missed), who came and what was covered. By default it was held
    /// on its scheduled date, by the whole group (less those who had left it by that day),
    /// covering its agenda's topics. A training need that came up is recorded with it.
    @discardableResult
    public func logMeeting(
        group: ProgramGroup, meeting: Int, held: Bool = true, date: CalendarDate? = nil,
        attendees: [String]? = nil, covered: [String]? = nil, notes: String? = nil,
        trainingNeed: String? = nil
    ) async throws(RecordingError) -> [ProgressEvent] {
        let ledger = try await groupLedger(group)
        let state = ledger.state(of: group.id)
        let (builder, progress) = (builder, state.agendaProgress(program: program))
        let agendas = try? await builder.type.calling { () throws(ProgramTypeError) in try builder.agendas(for: group, progress: progress) }
        let agenda = agendas.flatMap { $0.indices.contains(meeting - 1) ? $0[meeting - 1] : nil } // the rules report a wrong number
        let day = date ?? agenda?.date ?? program.starts
        let everyone = group.members(on: day, departures: state.agendaProgress(program: program).departures).members
        let present = held ? attendees ?? everyone : []
        let topics = held ? covered ?? agenda?.items.compactMap { $0.topicKey?.description } ?? [] : []
        var events = [
            event(
                .meeting(MeetingRecord(number: meeting, held: held, attendees: present, covered: topics, notes: notes)),
                group: group, date: day)
        ]
        if let trainingNeed { events.append(event(.trainingNeed(TrainingNeedRecord(text: trainingNeed)), group: group, date: day)) }
        try await record(events, after: ledger)
        return events
    }

    /// Sets a new goal; returns its id (g1, g2, ...).
    public func setGoal(
        group: ProgramGroup, text: String, plan: String? = nil, term: GoalTerm? = nil,
        target: CalendarDate? = nil, date: CalendarDate? = nil
    ) async throws(RecordingError) -> String {
        let made = try await recordNumbered(
            kind: .goalSet, prefix: "g", group: group, date: date ?? .today,
            after: try await groupLedger(group)
        ) { number in
            .goal(GoalEvent(goal: "g\(number)", change: .set, text: text, plan: plan, term: term, target: target))
        }
        return made.item ?? ""
    }

    /// Records a goal updated (reworded), achieved or dropped.
    public func changeGoal(
        group: ProgramGroup, goal: String, to change: GoalChange, text: String? = nil,
        date: CalendarDate? = nil
    ) async throws(RecordingError) {
        if change == .set {
            throw .rejected([ProgressProblem(.goal, "'set' is for a new goal; a goal changes to updated, achieved or dropped")])
        }
        try await record(
            [event(.goal(GoalEvent(goal: goal, change: change, text: text)), group: group, date: date ?? .today)],
            after: try await groupLedger(group))
    }

    /// Adds an action item; returns its id (a1, a2, ...).
    public func addAction(
        group: ProgramGroup, text: String, owner: String? = nil, due: CalendarDate? = nil,
        date: CalendarDate? = nil
    ) async throws(RecordingError) -> String {
        let made = try await recordNumbered(
            kind: .actionAdded, prefix: "a", group: group, date: date ?? .today,
            after: try await groupLedger(group)
        ) { number in
            .action(ActionEvent(action: "a\(number)", change: .added, text: text, owner: owner, due: due))
        }
        return made.item ?? ""
    }

    /// Marks an action item done.
    public func actionDone(group: ProgramGroup, action: String, date: CalendarDate? = nil) async throws(RecordingError) {
        try await record(
            [event(.action(ActionEvent(action: action, change: .done)), group: group, date: date ?? .today)],
            after: try await groupLedger(group))
    }

    /// Records one side's check-in (a rating of 1-5 and answers), with feedback on the pairing for program staff.
    public func checkIn(
        group: ProgramGroup, by person: String, rating: Int, answers: [String] = [], feedback: String? = nil,
        date: CalendarDate? = nil
    ) async throws(RecordingError) {
        let day = date ?? .today
        var events = [event(.checkIn(CheckInRecord(by: person, rating: rating, answers: answers)), group: group, date: day)]
        if let feedback { events.append(event(.feedback(FeedbackRecord(by: person, text: feedback)), group: group, date: day)) }
        try await record(events, after: try await groupLedger(group))
    }

    /// Records that `who` left the group (default: `person`, leaving themselves), as `person` (a
    /// member, or a coordinator recording it) says: no fault, the reason private. Whether the group
    /// goes on is its type's rule (``GroupContinuity``); returns the group's state afterwards.
    @discardableResult
    public func exit(
        group: ProgramGroup, by person: String, who: String? = nil, reason: String? = nil,
        date: CalendarDate? = nil
    ) async throws(RecordingError) -> GroupState {
        var ledger = try await groupLedger(group)
        let exit = event(.exit(ExitRecord(by: person, who: who ?? person, reason: reason)), group: group, date: date ?? .today)
        try await record([exit], after: ledger)
        _ = ledger.record(exit) // checked above: the state the journal now holds
        return ledger.state(of: group.id)
    }

    /// Moves a meeting not yet held to another day, time or place (any of them); on a cancelled
    /// meeting, holds it again (with no change given, as planned). Returns the meeting as it now stands.
    @discardableResult
    public func reschedule(
        group: ProgramGroup, meeting: Int, to day: CalendarDate? = nil, time: ClockTime? = nil,
        location: String? = nil, reason: String? = nil, date: CalendarDate? = nil
    ) async throws(RecordingError) -> Meeting? {
        try await changeSchedule(
            group: group,
            ScheduleChangeRecord(
                number: meeting, cancelled: false, to: day, time: time,
                location: location, reason: reason), date: date)
    }

    /// Cancels a meeting not yet held; its topics move to the next meeting held. Returns the meeting as it now stands.
    @discardableResult
    public func cancel(group: ProgramGroup, meeting: Int, reason: String? = nil, date: CalendarDate? = nil) async throws(RecordingError)
        -> Meeting?
    {
        try await changeSchedule(group: group, ScheduleChangeRecord(number: meeting, cancelled: true, reason: reason), date: date)
    }

    private func changeSchedule(group: ProgramGroup, _ change: ScheduleChangeRecord, date: CalendarDate?) async throws(RecordingError)
        -> Meeting?
    {
        let ledger = try await groupLedger(group)
        try await record([event(.schedule(change), group: group, date: date ?? .today)], after: ledger)
        var changes = ledger.state(of: group.id).scheduleChanges
        changes[change.number, default: MeetingChanges()].record(change)
        let (builder, final) = (builder, changes)
        let schedule = try? await builder.type.calling { () throws(ProgramTypeError) in try builder.schedule(for: group, changes: final) }
        return schedule?.first { $0.number == change.number }
    }

    // MARK: - Program events

    /// Records who came to the program event `id` (people it invites, by id). Recording again adds
    /// to those already recorded.
    public func recordAttendance(event id: String, attendees: [String]) async throws(RecordingError) {
        guard let event = program.events.first(where: { $0.id == id }) else {
            let ids = program.events.map(\.id)
            throw .rejected([
                ProgressProblem(
                    .event,
                    "'\(id)' is not an event of this program"
                        + (Suggestion.closest(to: id, in: ids).map { " (did you mean '\($0)'?)" } ?? "")
                        + (ids.isEmpty ? "; the program file lists none under 'events:'" : "; its events: \(ids.joined(separator: ", "))"))
            ])
        }
        let invited = program.invitees(of: event)
        var problems: [ProgressProblem] = []
        if attendees.isEmpty { problems.append(ProgressProblem(.attendees, "'' names nobody: list who came, by person id")) }
        for (index, person) in attendees.enumerated() where !invited.contains(person) {
            let known = program.person(person) != nil
            problems.append(
                ProgressProblem(
                    .attendees, index: index,
                    known
                        ? "'\(person)' (\(program.name(of: person))) was not invited to '\(event.id)', which is for \(event.audience)"
                        : "'\(person)' is not one of the program's people"
                            + (Suggestion.closest(to: person, in: invited).map { "; did you mean '\($0)'?" } ?? "")))
        }
        if !problems.isEmpty { throw .rejected(problems) }
        do {
            let writer = try await recordingJournal()
            for person in Set(attendees).sorted() {
                _ = try await writer.addRecord(
                    JournalRecord(
                        program: program.id, kind: .attendance, key: Self.attendanceKey(program.id, event.id),
                        person: person, at: Date()), unique: false)
            }
        } catch {
            throw .store(error)
        }
    }

    /// Who came to each program event, by event id; events without attendance recorded are absent.
    public func attendance() async throws(StoreError) -> [String: Set<String>] {
        var came: [String: Set<String>] = [:]
        for event in program.events {
            let records = try await journal?.records(kind: .attendance, key: Self.attendanceKey(program.id, event.id)) ?? []
            if !records.isEmpty { came[event.id] = Set(records.compactMap(\.person)) }
        }
        return came
    }

    static func attendanceKey(_ program: String, _ event: String) -> String { "\(program) \(event)" }

    private func groupLedger(_ group: ProgramGroup) async throws(RecordingError) -> ProgressLedger {
        do { return try await ledger(of: group) } catch { throw .store(error) }
    }
}

extension ProgramJournal {
    /// The error a recording would meet because `program`'s key (`id:`) changed while its history
    /// stayed under the old key, or nil; reading commands warn with it.
    public static func changedKey(_ program: Program, in journal: any Journal) async throws(StoreError) -> StoreError? {
        try await ProgramKeys.changedKey(program, in: journal)
    }
}
