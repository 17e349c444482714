import Diagnostics

/// What is wrong with one event: which field, and why.
public struct ProgressProblem: Sendable, Equatable, CustomStringConvertible {
    /// The fields an event's rules look at, named by their place in the exported JSON.
    public enum Field: String, Sendable, CaseIterable {
        case id, program, group, date
        case number = "details.number"
        case attendees = "details.attendees"
        case covered = "details.covered"
        case goal = "details.goal"
        case plan = "details.plan"
        case target = "details.target"
        case text = "details.text"
        case action = "details.action"
        case owner = "details.owner"
        case due = "details.due"
        case to = "details.to"
        case time = "details.time"
        case location = "details.location"
        case by = "details.by"
        case rating = "details.rating"
        case event = "details.event"
        case reason = "details.reason"
        case who = "details.who"
    }

    /// The field at fault.
    public var field: Field
    /// The element at fault when the field is a list.
    public var index: Int?
    /// What is wrong, starting with the value at fault: `'e999' is not in group 'ruiz-lin'`.
    public var message: String

    /// Creates a problem.
    public init(_ field: Field, index: Int? = nil, _ message: String) {
        self.field = field
        self.index = index
        self.message = message
    }

    /// The field's JSON path within the event, e.g. `details.attendees[1]`.
    public var path: String { field.rawValue + (index.map { "[\($0)]" } ?? "") }

    public var description: String { "\(path): \(message)" }
}

/// The rules every progress event keeps, whether a command records it or `import` brings it in:
/// one place, so that nothing enters the journal that a recording command would refuse.
///
/// `strict` rules guard recording. The fold of events already stored applies only the rules whose
/// breach would mislead agendas and reports (a meeting outside the schedule, a rating outside
/// 1-5, a date outside the program's span): a stored event may have been right when recorded and
/// the program file edited since (a member moved, a topic renamed), and that must not cut history.
public struct ProgressRules: Sendable {
    /// The program.
    public let program: Program
    /// `plan/topic` of every topic of the program's plans.
    public let topics: [String]
    /// The ids of the program's plans.
    public let plans: [String]
    /// The number of meetings in each group's schedule, by group id.
    public let meetings: [String: Int]
    /// The earliest day an event may carry.
    public let earliest: CalendarDate
    /// The latest day an event may carry.
    public let latest: CalendarDate
    /// When a group of the program's type ends as people leave it.
    public let continuity: GroupContinuity
    private let topicSet: Set<String>

    /// Ratings at a check-in: 1 (not at all) to 5 (very well).
    public static let ratings = 1...5
    /// Goals, actions and check-ins may be dated this many days before the program starts (set at a kick-off).
    public static let leadInDays = 90
    /// Events may be dated this many days after the term ends (a closing meeting logged late).
    public static let followUpDays = 365

    /// Rules for `program`, whose plans are `plans` and whose groups' schedules have `meetings`
    /// meetings; `continuity` is its type's rule for when a group ends as people leave.
    public init(program: Program, plans: [PlanTemplate], meetings: [String: Int], continuity: GroupContinuity = .anyExit) {
        self.init(
            program: program, plans: plans.map(\.id),
            topics: plans.flatMap(\.topicKeys).map(\.description), meetings: meetings, continuity: continuity)
    }

    /// Rules for `program` given its plans' ids and their topics as `plan/topic`.
    public init(
        program: Program, plans: [String], topics: [String], meetings: [String: Int],
        continuity: GroupContinuity = .anyExit
    ) {
        self.program = program
        self.continuity = continuity
        self.plans = plans
        self.topics = topics
        self.meetings = meetings
        earliest = program.starts.adding(days: -Self.leadInDays)
        latest = program.starts.adding(months: program.months).adding(days: Self.followUpDays)
        topicSet = Set(topics)
    }

    /// A group's state before any event: with the group's members and the type's rule for ending,
    /// when the group is in the program.
    public func emptyState(_ group: String) -> GroupState {
        GroupState(group: group, continuity: program.group(group).map { GroupState.Continuity(group: $0, rule: continuity) })
    }

    /// What is wrong with `event` recorded next in a group whose state is `state`; empty when it is fine.
    /// Voids are checked by ``ProgressLedger``, which knows the journal's events.
    public func problems(_ event: ProgressEvent, state: GroupState, strict: Bool = true) -> [ProgressProblem] {
        var problems: [ProgressProblem] = []
        if strict, event.id.isEmpty { problems.append(.init(.id, "'' is empty: every event needs an id")) }
        if event.program != program.id {
            problems.append(.init(.program, "'\(event.program)' is not this program's key ('\(program.id)')"))
        }
        guard let group = program.group(event.group) else {
            let ids = program.groups.map(\.id)
            problems.append(
                .init(
                    .group,
                    "'\(event.group)' is not a group of this program" + hint(event.group, ids)
                        + "; its groups: \(ids.joined(separator: ", "))"))
            return problems
        }
        if case .void = event.body {
        } else { // a void may mend an old journal any day
            problems += dateProblems(event.date, field: .date, meeting: event.meetingNumber != nil)
        }
        switch event.body {
        case .meeting(let record):
            problems += meetingProblems(record, group: group, strict: strict)
            if strict, record.held { problems += departedAttendees(record, on: event.date, state: state) }
        case .schedule(let record): problems += scheduleProblems(record, group: group, state: state, strict: strict)
        case .goal(let goal): problems += strict ? goalProblems(goal, state: state) : []
        case .action(let action): problems += strict ? actionProblems(action, group: group, state: state) : []
        case .checkIn(let record):
            if !Self.ratings.contains(record.rating) {
                problems.append(.init(.rating, "\(record.rating) is not a rating: ratings go from 1 (not at all) to 5 (very well)"))
            }
            if strict { problems += member(record.by, of: group, field: .by) }
        case .feedback(let record):
            if strict { problems += member(record.by, of: group, field: .by) + text(record.text, field: .text) }
        case .exit(let record):
            if strict { problems += exitProblems(record, group: group, state: state) }
        case .trainingNeed(let record):
            if strict { problems += text(record.text, field: .text) }
        case .void:
            break
        }
        return problems
    }

    // MARK: - By kind

    private func meetingProblems(_ record: MeetingRecord, group: ProgramGroup, strict: Bool) -> [ProgressProblem] {
        var problems: [ProgressProblem] = []
        if let count = meetings[group.id], !(1...max(count, 1)).contains(record.number) || count == 0 {
            problems.append(
                .init(
                    .number,
                    "\(record.number) is not a meeting of group '\(group.id)': "
                        + "its schedule has meetings 1 to \(count)"))
        }
        guard strict else { return problems }
        if !record.held, !record.attendees.isEmpty {
            problems.append(.init(.attendees, "'\(record.attendees.joined(separator: ","))' attended a meeting recorded as missed"))
        }
        for (index, person) in record.attendees.enumerated() {
            problems += member(person, of: group, field: .attendees, index: index)
            if record.attendees[..<index].contains(person) {
                problems.append(.init(.attendees, index: index, "'\(person)' is listed twice"))
            }
        }
        for (index, key) in record.covered.enumerated() where !topicSet.contains(key) {
            problems.append(
                .init(
                    .covered, index: index,
                    "'\(key)' is not a topic of this program's plans (write plan/topic)"
                        + hint(key, topics)))
        }
        return problems
    }

    /// Who may leave: a member who has not left, from a group that has not ended; `by` is a member
    /// or one of the program's coordinators.
    private func exitProblems(_ record: ExitRecord, group: ProgramGroup, state: GroupState) -> [ProgressProblem] {
        if let ended = state.exit {
            let day = state.endDate.map { " on \($0)" } ?? ""
            return [
                .init(
                    record.who == nil ? .by : .who,
                    "'\(record.leaver)' can't leave group '\(group.id)': it ended\(day) "
                        + "when \(program.name(of: ended.leaver)) left; if that exit was a mistake, void it ('mentor export' shows its id)")
            ]
        }
        var problems: [ProgressProblem] = []
        let coordinator = program.coordinators.contains { $0.id == record.by }
        if !coordinator {
            problems += member(record.by, of: group, field: .by, coordinators: true)
        } else if record.leaver == record.by {
            return [
                .init(
                    .by,
                    "'\(record.by)' is a coordinator, not a member of group '\(group.id)': "
                        + "name who left as 'who' (mentor exit --who PERSON)")
            ]
        }
        if let who = record.who, who != record.by { problems += member(who, of: group, field: .who) }
        if let gone = state.departure(of: record.leaver) {
            problems.append(
                .init(
                    record.who == nil ? .by : .who,
                    "'\(record.leaver)' already left group '\(group.id)' on \(gone.date); "
                        + "nothing more to record"))
        } else if record.by != record.leaver, let gone = state.departure(of: record.by) {
            problems.append(
                .init(
                    .by,
                    "'\(record.by)' left group '\(group.id)' on \(gone.date), so can't end anyone else's place in it; "
                        + "record it by someone still in the group or a coordinator"))
        }
        return problems
    }

    /// Attendees of a meeting held on `date` who had left the group by then.
    private func departedAttendees(_ record: MeetingRecord, on date: CalendarDate, state: GroupState) -> [ProgressProblem] {
        record.attendees.enumerated().compactMap { index, person in
            guard let gone = state.departure(of: person), gone.date <= date else { return nil }
            return .init(
                .attendees, index: index,
                "'\(person)' left group '\(state.group)' on \(gone.date), before this meeting (\(date)); "
                    + "leave them out of the attendees")
        }
    }

    private func scheduleProblems(_ record: ScheduleChangeRecord, group: ProgramGroup, state: GroupState, strict: Bool)
        -> [ProgressProblem]
    {
        var problems: [ProgressProblem] = []
        if let count = meetings[group.id], !(1...max(count, 1)).contains(record.number) || count == 0 {
            problems.append(
                .init(
                    .number,
                    "\(record.number) is not a meeting of group '\(group.id)': "
                        + "its schedule has meetings 1 to \(count)"))
        }
        if let to = record.to { problems += dateProblems(to, field: .to, meeting: true) }
        guard strict else { return problems }
        if let logged = state.meetings.last(where: { $0.number == record.number }) {
            let day = state.date(ofMeeting: record.number).map { " for \($0)" } ?? ""
            problems.append(
                .init(
                    .number,
                    "meeting \(record.number) is already logged as \(logged.held ? "held" : "missed")\(day); "
                        + "a logged meeting can't be moved or cancelled (void its record first with 'mentor void' if the log was a mistake)"
                ))
        }
        let current = state.scheduleChanges[record.number]
        if record.cancelled, current?.cancelled == true {
            problems.append(.init(.number, "meeting \(record.number) is already cancelled"))
        }
        if !record.cancelled, record.to == nil, record.time == nil, record.location == nil, current?.cancelled != true {
            problems.append(.init(.to, "nothing to change: give a new day (--to), time (--time) or place (--location)"))
        }
        if let location = record.location, !ProgramFormat.isValidLocation(location) {
            problems.append(
                .init(
                    .location,
                    "'\(location.prefix(60))' is not a place: write one line of at most "
                        + "\(ProgramFormat.locationLength) characters naming a room or a video link"))
        }
        if let reason = record.reason { problems += text(reason, field: .reason) }
        return problems
    }

    private func goalProblems(_ goal: GoalEvent, state: GroupState) -> [ProgressProblem] {
        var problems: [ProgressProblem] = []
        if goal.change == .set {
            if state.goal(goal.goal) != nil {
                problems.append(.init(.goal, "'\(goal.goal)' is already a goal of group '\(state.group)'; a new goal needs a new id"))
            }
            if goal.goal.isEmpty { problems.append(.init(.goal, "'' is empty: a goal needs an id")) }
            problems += text(goal.text ?? "", field: .text)
        } else if state.goal(goal.goal) == nil {
            let known = state.goals.map(\.id)
            problems.append(
                .init(
                    .goal,
                    "'\(goal.goal)' is not a goal of group '\(state.group)'; its goals: "
                        + (known.isEmpty ? "none yet" : known.joined(separator: ", "))))
        }
        if let plan = goal.plan, !plans.contains(plan) {
            problems.append(
                .init(.plan, "'\(plan)' is not one of this program's plans: \(plans.joined(separator: ", "))" + hint(plan, plans)))
        }
        if let target = goal.target { problems += dateProblems(target, field: .target, meeting: false) }
        return problems
    }

    private func actionProblems(_ action: ActionEvent, group: ProgramGroup, state: GroupState) -> [ProgressProblem] {
        var problems: [ProgressProblem] = []
        switch action.change {
        case .added:
            if state.action(action.action) != nil {
                problems.append(
                    .init(.action, "'\(action.action)' is already an action of group '\(group.id)'; a new action needs a new id"))
            }
            if action.action.isEmpty { problems.append(.init(.action, "'' is empty: an action needs an id")) }
            problems += text(action.text ?? "", field: .text)
            if let owner = action.owner {
                problems += member(owner, of: group, field: .owner)
                if let gone = state.departure(of: owner) {
                    problems.append(
                        .init(.owner, "'\(owner)' left group '\(group.id)' on \(gone.date); give the action to someone still in it"))
                }
            }
            if let due = action.due { problems += dateProblems(due, field: .due, meeting: false) }
        case .done:
            if state.action(action.action)?.done != false {
                let open = state.openActions.map(\.id)
                problems.append(
                    .init(
                        .action,
                        "'\(action.action)' is not an open action of group '\(group.id)'; open: "
                            + (open.isEmpty ? "none" : open.joined(separator: ", "))))
            }
        }
        return problems
    }

    // MARK: - Shared checks

    private func dateProblems(_ date: CalendarDate, field: ProgressProblem.Field, meeting: Bool) -> [ProgressProblem] {
        if meeting, date < program.starts {
            return [.init(field, "'\(date)' is before the program starts (\(program.starts)); no meeting can be held before")]
        }
        guard date < earliest || date > latest else { return [] }
        return [
            .init(
                field,
                "'\(date)' is outside the program: dates go from \(earliest) (\(Self.leadInDays) days before it starts) "
                    + "to \(latest) (a year after its term ends)")
        ]
    }

    private func member(
        _ id: String, of group: ProgramGroup, field: ProgressProblem.Field, index: Int? = nil,
        coordinators: Bool = false
    ) -> [ProgressProblem] {
        guard !group.members.contains(id) else { return [] }
        let names = group.members.map { "\($0) (\(program.name(of: $0)))" }.joined(separator: ", ")
        let staff =
            coordinators && !program.coordinators.isEmpty
            ? "; or a coordinator: " + program.coordinators.map(\.id).joined(separator: ", ") : ""
        let candidates = group.members + (coordinators ? program.coordinators.map(\.id) : [])
        return [
            .init(field, index: index, "'\(id)' is not in group '\(group.id)'" + hint(id, candidates) + "; its members: \(names)" + staff)
        ]
    }

    private func text(_ text: String, field: ProgressProblem.Field) -> [ProgressProblem] {
        text.allSatisfy(\.isWhitespace) ? [.init(field, "'\(text)' is empty: write a few words")] : []
    }

    private func hint(_ value: String, _ candidates: [String]) -> String {
        Suggestion.closest(to: value, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }
}
