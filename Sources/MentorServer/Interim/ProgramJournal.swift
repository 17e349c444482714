// INTERIM: the lead is landing `ProgramJournal` and `RecordingError` in MentorStore (the recording
// API the CLI and the server share). Until then this file gives the server the same API over any
// `Journal`, checking every event with the same `ProgressLedger`/`ProgressRules` the CLI uses.
// DELETE THIS FILE when MentorStore's ProgramJournal lands (the server's calls are written to it).
import Foundation
import MentorCore
import MentorStore

/// Why a form's events were not recorded.
enum RecordingError: Error {
    /// The events break the program's rules; each problem names its field.
    case rejected([ProgressProblem])
    /// The journal failed.
    case store(StoreError)
}

/// Records and reads one program's progress through a journal (interim copy, see above).
struct ProgramJournal: Sendable {
    let program: Program
    let plans: [PlanTemplate]
    let builder: AgendaBuilder
    let journal: any Journal

    init(program: Program, plans: [PlanTemplate], builder: AgendaBuilder, journal: any Journal) {
        self.program = program
        self.plans = plans
        self.builder = builder
        self.journal = journal
    }

    /// The group's events, checked and folded.
    func ledger(of group: ProgramGroup) async throws(StoreError) -> ProgressLedger {
        var events: [ProgressEvent] = []
        var unreadable: [String: String] = [:]
        try await journal.forEachEvent(program: program.name, group: group.id) { result in
            switch result {
            case .success(let event): events.append(event)
            case .failure(let bad): unreadable[bad.id] = bad.group
            }
        }
        let meetings = [group.id: (try? builder.schedule(for: group).count) ?? 0]
        return ProgressLedger(rules: ProgressRules(program: program, plans: plans, meetings: meetings), stored: events,
                              unreadable: unreadable)
    }

    private func event(_ body: ProgressEvent.Body, group: ProgramGroup, date: CalendarDate) -> ProgressEvent {
        ProgressEvent(id: UUID().uuidString.lowercased(), program: program.name, group: group.id, date: date, body: body)
    }

    private func record(_ events: [ProgressEvent], group: ProgramGroup) async throws(RecordingError) -> [ProgressEvent] {
        var ledger: ProgressLedger
        do { ledger = try await self.ledger(of: group) } catch { throw .store(error) }
        var problems: [ProgressProblem] = []
        for event in events { problems += ledger.record(event) }
        guard problems.isEmpty else { throw .rejected(problems) }
        do { try await journal.append(events) } catch { throw .store(error) }
        return events
    }

    private func numbered(kind: EventKind, prefix: String, group: ProgramGroup, date: CalendarDate,
                          _ body: @escaping @Sendable (Int) -> ProgressEvent.Body) async throws(RecordingError) -> ProgressEvent {
        let ledger: ProgressLedger
        do { ledger = try await self.ledger(of: group) } catch { throw .store(error) }
        let state = ledger.state(of: group.id)
        let ids = prefix == "g" ? state.goals.map(\.id) : state.actions.map(\.id)
        let highest = ids.compactMap { Int($0.dropFirst(prefix.count)) }.max() ?? 0
        let likely = event(body(max(highest, ids.count) + 1), group: group, date: date)
        let problems = ledger.problems(likely)
        guard problems.isEmpty else { throw .rejected(problems) }
        let (name, id) = (program.name, group.id)
        do {
            return try await journal.appendNumbered(program: program.name, group: group.id, kind: kind, prefix: prefix) { number in
                ProgressEvent(id: UUID().uuidString.lowercased(), program: name, group: id, date: date, body: body(number))
            }
        } catch { throw .store(error) }
    }

    /// Records a meeting held (or missed); attendees and covered default to the group and the agenda.
    func logMeeting(group: ProgramGroup, meeting: Int, held: Bool, date: CalendarDate?, attendees: [String]?,
                    covered: [String]?, notes: String?, trainingNeed: String?) async throws(RecordingError) -> [ProgressEvent] {
        let ledger: ProgressLedger
        do { ledger = try await self.ledger(of: group) } catch { throw .store(error) }
        let agendas = (try? builder.agendas(for: group, progress: ledger.state(of: group.id).agendaProgress(program: program))) ?? []
        let agenda = agendas.indices.contains(meeting - 1) ? agendas[meeting - 1] : nil
        let day = date ?? agenda?.date ?? program.starts
        let present = held ? attendees ?? group.members : []
        let topics = held ? covered ?? agenda?.items.compactMap { item in item.topic.map { "\(item.plan ?? "")/\($0)" } } ?? [] : []
        var events = [event(.meeting(MeetingRecord(number: meeting, held: held, attendees: present, covered: topics, notes: notes)),
                            group: group, date: day)]
        if let trainingNeed { events.append(event(.trainingNeed(TrainingNeedRecord(text: trainingNeed)), group: group, date: day)) }
        return try await record(events, group: group)
    }

    /// Sets a goal; returns its id.
    func setGoal(group: ProgramGroup, text: String, plan: String?, term: GoalTerm?, target: CalendarDate?,
                 date: CalendarDate?) async throws(RecordingError) -> String {
        let event = try await numbered(kind: .goalSet, prefix: "g", group: group, date: date ?? .today) {
            .goal(GoalEvent(goal: "g\($0)", change: .set, text: text, plan: plan, term: term, target: target))
        }
        guard case .goal(let goal) = event.body else { return "" }
        return goal.goal
    }

    /// Records a goal reworded, achieved or dropped.
    func changeGoal(group: ProgramGroup, goal: String, to change: GoalChange, text: String?,
                    date: CalendarDate?) async throws(RecordingError) {
        _ = try await record([event(.goal(GoalEvent(goal: goal, change: change, text: text)), group: group, date: date ?? .today)],
                             group: group)
    }

    /// Adds an action item; returns its id.
    func addAction(group: ProgramGroup, text: String, owner: String?, due: CalendarDate?,
                   date: CalendarDate?) async throws(RecordingError) -> String {
        let event = try await numbered(kind: .actionAdded, prefix: "a", group: group, date: date ?? .today) {
            .action(ActionEvent(action: "a\($0)", change: .added, text: text, owner: owner, due: due))
        }
        guard case .action(let action) = event.body else { return "" }
        return action.action
    }

    /// Records an action item done.
    func actionDone(group: ProgramGroup, action: String, date: CalendarDate?) async throws(RecordingError) {
        _ = try await record([event(.action(ActionEvent(action: action, change: .done)), group: group, date: date ?? .today)],
                             group: group)
    }

    /// Records one side's check-in, with feedback on the pairing when given.
    func checkIn(group: ProgramGroup, by: String, rating: Int, answers: [String], feedback: String?,
                 date: CalendarDate?) async throws(RecordingError) {
        let day = date ?? .today
        var events = [event(.checkIn(CheckInRecord(by: by, rating: rating, answers: answers)), group: group, date: day)]
        if let feedback { events.append(event(.feedback(FeedbackRecord(by: by, text: feedback)), group: group, date: day)) }
        _ = try await record(events, group: group)
    }

    /// Records a no-fault exit.
    func exit(group: ProgramGroup, by: String, reason: String?, date: CalendarDate?) async throws(RecordingError) {
        _ = try await record([event(.exit(ExitRecord(by: by, reason: reason)), group: group, date: date ?? .today)], group: group)
    }
}
