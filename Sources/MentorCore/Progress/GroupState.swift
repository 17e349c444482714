/// A group's progress, folded from its events in the order they were recorded.
public struct GroupState: Sendable, Equatable {
    /// A goal as it stands now.
    public struct Goal: Sendable, Equatable, Codable {
        public var id: String
        public var text: String
        public var plan: String?
        public var term: GoalTerm?
        public var target: CalendarDate?
        /// `set` or `updated` while open; `achieved` or `dropped` once closed.
        public var status: GoalChange
        /// The day it was set (the day of its first event).
        public var setOn: CalendarDate? = nil
        /// The day it was achieved or dropped, while it stays closed.
        public var closedOn: CalendarDate? = nil
        /// True while neither achieved nor dropped.
        public var isOpen: Bool { status == .set || status == .updated }
    }

    /// An action item as it stands now.
    public struct Action: Sendable, Equatable, Codable {
        public var id: String
        public var text: String
        public var owner: String?
        public var due: CalendarDate?
        public var done: Bool
    }

    /// The group's id.
    public var group: String
    /// Meetings held or missed, one record per meeting number in the order first recorded. The
    /// journal is append-only, so a correction is a new record: the latest one for a number wins.
    public var meetings: [MeetingRecord] = []
    /// The day each meeting (by number) was recorded for.
    private var meetingDates: [Int: CalendarDate] = [:]
    /// Goals by id, in the order set.
    public private(set) var goals: [Goal] = []
    /// Action items, in the order added.
    public private(set) var actions: [Action] = []
    /// Where each goal and action is in `goals` and `actions`, by id: a group with hundreds of
    /// items finds one without a search.
    private var goalIndex: [String: Int] = [:]
    private var actionIndex: [String: Int] = [:]
    /// Check-in answers.
    public var checkIns: [CheckInRecord] = []
    /// Feedback on the pairing.
    public var feedback: [FeedbackRecord] = []
    /// Training needs observed.
    public var trainingNeeds: [String] = []
    /// Someone who left the group (no fault attached).
    public struct Departure: Sendable, Equatable, Codable {
        /// Who left (a person id).
        public var person: String
        /// Who ended it: the one who left, or who recorded that they left.
        public var by: String
        /// The day they left; agendas of meetings from that day on leave them out.
        public var date: CalendarDate
        /// Why. Private: never in reports or exports without `--include-private`.
        public var reason: String?
    }

    /// Meetings moved or cancelled, by number: what the journal changed of the program file's schedule.
    public private(set) var scheduleChanges: [Int: MeetingChanges] = [:]
    /// The exit that ended the group, if it ended early: per the type's rule (``GroupContinuity``),
    /// e.g. a pair's first exit, or the one that left a circle without its mentor or with fewer than
    /// two mentees. In a state folded without the group's rule, the first exit.
    public var exit: ExitRecord?
    /// The day the group ended, when it did.
    public private(set) var endDate: CalendarDate?
    /// Everyone who left, in the order recorded (the one whose exit ended the group too).
    public private(set) var departures: [Departure] = []
    /// The group as the program file lists it, and its type's rule for when it ends; nil in a
    /// state folded without them (``fold(_:)``), where any exit ends the group.
    public let continuity: Continuity?

    /// A group and its type's rule for ending: what decides whether an exit ends the group.
    public struct Continuity: Sendable, Equatable {
        /// The group as the program file lists it.
        public var group: ProgramGroup
        /// Its type's rule.
        public var rule: GroupContinuity

        /// Creates one.
        public init(group: ProgramGroup, rule: GroupContinuity) {
            self.group = group
            self.rule = rule
        }
    }
    /// The date of the last meeting held.
    public var lastMeeting: CalendarDate?
    /// Problems in the event sequence (an action marked done that was never added, ...).
    public var anomalies: [String] = []

    /// Creates an empty state for `group`; with `continuity`, an exit ends the group only when the
    /// type's rule says so, otherwise any exit does.
    public init(group: String, continuity: Continuity? = nil) {
        self.group = group
        self.continuity = continuity
    }

    /// Whether the group has ended (see ``exit``).
    public var hasEnded: Bool { exit != nil }

    /// How `person` left the group, if they did.
    public func departure(of person: String) -> Departure? { departures.first { $0.person == person } }

    /// The people in `group` who have not left it, in the program file's order.
    public func remaining(of group: ProgramGroup) -> ProgramGroup {
        group.without(Set(departures.map(\.person)))
    }

    /// The day meeting `number` was recorded for, if it was.
    public func date(ofMeeting number: Int) -> CalendarDate? { meetingDates[number] }

    /// Meetings held.
    public var held: Int { meetings.filter(\.held).count }
    /// Meetings missed.
    public var missed: Int { meetings.filter { !$0.held }.count }
    /// Every topic covered so far, as `plan/topic`.
    public var covered: Set<String> { Set(meetings.flatMap(\.covered)) }
    /// Action items not yet done.
    public var openActions: [Action] { actions.filter { !$0.done } }

    /// Open actions still the group's: those of people who left went with them (they stay open
    /// in the record and may still be marked done).
    public var currentActions: [Action] { openActions.filter { $0.owner.map { departure(of: $0) == nil } ?? true } }

    /// Open actions of the group (``currentActions``) whose due date is before `today`.
    public func overdueActions(on today: CalendarDate) -> [Action] {
        currentActions.filter { ($0.due.map { $0 < today }) ?? false }
    }

    /// Applies one event. Events must belong to this group.
    public mutating func apply(_ event: ProgressEvent) {
        switch event.body {
        case .meeting(let record):
            if let index = meetings.firstIndex(where: { $0.number == record.number }) {
                meetings[index] = record
            } else {
                meetings.append(record)
            }
            meetingDates[record.number] = event.date
            lastMeeting = meetings.filter(\.held).compactMap { meetingDates[$0.number] }.max()
        case .schedule(let record):
            scheduleChanges[record.number, default: MeetingChanges()].record(record)
        case .goal(let change):
            apply(change, on: event.date)
        case .action(let change):
            apply(change)
        case .checkIn(let record):
            checkIns.append(record)
        case .feedback(let record):
            feedback.append(record)
        case .exit(let record):
            apply(record, on: event.date)
        case .trainingNeed(let record):
            trainingNeeds.append(record.text)
        case .void:
            break // voids act in the fold, which leaves the voided event out
        }
    }

    private mutating func apply(_ record: ExitRecord, on date: CalendarDate) {
        if departure(of: record.leaver) == nil {
            departures.append(Departure(person: record.leaver, by: record.by, date: date, reason: record.reason))
        }
        guard exit == nil else { return }
        let ends = continuity.map { $0.rule.ends($0.group, without: Set(departures.map(\.person))) } ?? true
        if ends {
            exit = record
            endDate = date
        }
    }

    /// The goal with id `id`, if set.
    public func goal(_ id: String) -> Goal? { goalIndex[id].map { goals[$0] } }

    /// The action item with id `id`, if added.
    public func action(_ id: String) -> Action? { actionIndex[id].map { actions[$0] } }

    private mutating func apply(_ event: GoalEvent, on date: CalendarDate) {
        let closes = event.change == .achieved || event.change == .dropped
        guard let index = goalIndex[event.goal] else {
            goalIndex[event.goal] = goals.count
            goals.append(
                Goal(
                    id: event.goal, text: event.text ?? "", plan: event.plan, term: event.term,
                    target: event.target, status: event.change, setOn: date, closedOn: closes ? date : nil))
            if event.change != .set { anomalies.append("goal '\(event.goal)' changed before it was set") }
            return
        }
        goals[index].status = event.change
        goals[index].closedOn = closes ? date : nil
        if let text = event.text { goals[index].text = text }
        if let plan = event.plan { goals[index].plan = plan }
        if let term = event.term { goals[index].term = term }
        if let target = event.target { goals[index].target = target }
    }

    private mutating func apply(_ event: ActionEvent) {
        if let index = actionIndex[event.action] {
            if event.change == .done { actions[index].done = true }
            return
        }
        actionIndex[event.action] = actions.count
        actions.append(
            Action(
                id: event.action, text: event.text ?? "", owner: event.owner, due: event.due,
                done: event.change == .done))
        if event.change == .done { anomalies.append("action '\(event.action)' marked done before it was added") }
    }

    /// What the agenda builder needs: covered topics, open actions carried into the next meeting,
    /// and the topics of plan parts with open goals first.
    public func agendaProgress(program: Program) -> GroupProgress {
        let numbers = meetings.map(\.number)
        var next = (numbers.max() ?? 0) + 1
        while scheduleChanges[next]?.cancelled == true { next += 1 } // a cancelled meeting is never the next
        // An action of someone who left goes with them: later agendas don't carry it.
        let actions = currentActions.map { action in
            ActionItem(text: action.text, owner: action.owner.map(program.name(of:)), due: action.due)
        }
        let goalPlans = Set(goals.filter(\.isOpen).compactMap(\.plan))
        var attendance: [Int: Attendance] = [:]
        for record in meetings {
            guard let date = meetingDates[record.number] else { continue }
            attendance[record.number] = Attendance(held: record.held, date: date, attendees: record.attendees)
        }
        return GroupProgress(
            openActions: actions, coveredTopics: covered, nextMeeting: next, focusPlans: goalPlans,
            scheduleChanges: scheduleChanges,
            departures: Dictionary(departures.map { ($0.person, $0.date) }, uniquingKeysWith: { first, _ in first }),
            attendance: attendance)
    }

    /// Folds `events` into one state per group, keyed by group id. Events voided by a later
    /// void event are left out (``ProgressLedger`` also checks each event against the rules).
    public static func fold(_ events: [ProgressEvent]) -> [String: GroupState] {
        let voided = Set(
            events.compactMap { event -> String? in
                if case .void(let record) = event.body { return record.event }
                return nil
            })
        var states: [String: GroupState] = [:]
        for event in events where !voided.contains(event.id) {
            states[event.group, default: GroupState(group: event.group)].apply(event)
        }
        return states
    }
}
