import Foundation

/// How a program is doing, group by group, as of a day: for coordinators.
public struct ProgramReport: Sendable, Equatable, Codable {
    /// One group's health.
    public struct Group: Sendable, Equatable, Codable {
        public var group: String
        /// The members still in the group, by name.
        public var members: [String]
        /// Those who left it, in the order they left.
        public var departures: [Departure] = []
        /// Meetings scheduled on or before the report's day.
        public var planned: Int
        public var held: Int
        public var missed: Int
        public var lastMeeting: CalendarDate?
        public var daysSinceLastMeeting: Int?
        /// Why the group may be losing interest; empty when it looks healthy.
        public var risks: [String]
        public var goalsOpen: Int
        public var goalsAchieved: Int
        public var goalsDropped: Int
        public var actionsOpen: Int
        public var actionsOverdue: Int
        public var checkInsDone: Int
        public var checkInsDue: Int
        /// Who ended the group early, if it ended (no fault attached): per the type's rule, the
        /// exit of a pair's either side, a circle's mentor or its last mentee but one.
        public var exitBy: String?
        /// Why. Only with `includePrivate`.
        public var exitReason: String?
        public var trainingNeeds: [String]
        public var feedback: [String]
        /// The pair's private meeting notes. Only with `includePrivate`.
        public var notes: [String]?
        public var measures: [Measure]
        /// The ratings (1-5) of every check-in recorded, in order.
        public var ratings: [Int]
        /// The check-ins' answers. Only with `includePrivate`.
        public var answers: [String]?
        /// Every goal with its text. Only in a report made with `listItems` (`mentor progress`).
        public var goals: [GoalLine]?
        /// Every action item with its text. Only in a report made with `listItems`.
        public var actions: [ActionLine]?
    }

    /// Someone who left a group, as a report lists them.
    public struct Departure: Sendable, Equatable, Codable {
        /// Their name.
        public var name: String
        /// The day they left.
        public var date: CalendarDate
        /// Why. Only with `includePrivate`.
        public var reason: String?

        /// Creates a line.
        public init(name: String, date: CalendarDate, reason: String? = nil) {
            self.name = name
            self.date = date
            self.reason = reason
        }
    }

    /// A goal as a report lists it.
    public struct GoalLine: Sendable, Equatable, Codable {
        public var id: String
        public var text: String
        public var plan: String?
        public var target: CalendarDate?
        /// `set` or `updated` while open, else `achieved` or `dropped`.
        public var status: GoalChange
    }

    /// An action item as a report lists it.
    public struct ActionLine: Sendable, Equatable, Codable {
        public var id: String
        public var text: String
        /// Who does it, by name.
        public var owner: String?
        public var due: CalendarDate?
        public var done: Bool
        /// Open and past its due date on the report's day.
        public var overdue: Bool
    }

    public var program: String
    public var type: String
    public var date: CalendarDate
    public var includesPrivate: Bool
    public var groups: [Group]
    /// The program as a whole (events, engagement by month, early endings), when the report is
    /// of the whole program; see ``whole(program:parts:today:attendance:)``.
    public var overview: Overview? = nil
    /// Groups at risk and goals month by month, when the report is of the whole program; see
    /// ``whole(program:parts:today:attendance:)``.
    public var trends: Trends? = nil

    /// Builds the report for `program` as of `today` from each group's state. With `listItems`
    /// (one group's progress) every goal and action is listed with its text.
    public static func make(
        program: Program, builder: AgendaBuilder, states: [String: GroupState], today: CalendarDate, includePrivate: Bool,
        listItems: Bool = false
    ) throws(ProgramTypeError) -> ProgramReport {
        var groups: [Group] = []
        for group in program.groups {
            let state = states[group.id] ?? GroupState(group: group.id)
            let agendas = try builder.agendas(for: group, progress: state.agendaProgress(program: program))
            groups.append(
                try make(
                    group: group, program: program, builder: builder, state: state, agendas: agendas,
                    today: today, includePrivate: includePrivate, listItems: listItems))
        }
        return ProgramReport(
            program: program.name, type: program.type, date: today, includesPrivate: includePrivate,
            groups: groups)
    }

    static func make(
        group: ProgramGroup, program: Program, builder: AgendaBuilder, state: GroupState, agendas: [Agenda],
        today: CalendarDate, includePrivate: Bool, listItems: Bool
    ) throws(ProgramTypeError) -> Group {
        // A cancelled meeting was never due, nor one after the group ended.
        let end = state.endDate.map { min($0, today) } ?? today
        let due = agendas.filter { $0.date <= end && !$0.isCancelled }
        let dueCheckIns = due.filter { $0.phase == .checkIn }.map(\.meeting)
        let held = Set(state.meetings.filter(\.held).map(\.number))
        let checkInsDue = dueCheckIns.count
        let checkInsDone = dueCheckIns.filter { held.contains($0) }.count
        let days = state.lastMeeting.map { today.daysSinceEpoch - $0.daysSinceEpoch }
        return Group(
            group: group.id, members: state.remaining(of: group).members.map(program.name(of:)),
            departures: state.departures.map {
                Departure(
                    name: program.name(of: $0.person), date: $0.date,
                    reason: includePrivate ? $0.reason : nil)
            },
            planned: due.count, held: state.held,
            missed: state.missed, lastMeeting: state.lastMeeting, daysSinceLastMeeting: days,
            risks: risks(state: state, due: due, program: program, today: today, checkInsDue: checkInsDue, checkInsDone: checkInsDone),
            goalsOpen: state.goals.filter(\.isOpen).count,
            goalsAchieved: state.goals.filter { $0.status == .achieved }.count,
            goalsDropped: state.goals.filter { $0.status == .dropped }.count,
            actionsOpen: state.currentActions.count, actionsOverdue: state.overdueActions(on: today).count,
            checkInsDone: checkInsDone, checkInsDue: checkInsDue,
            exitBy: state.exit.map { program.name(of: $0.leaver) }, exitReason: includePrivate ? state.exit?.reason : nil,
            trainingNeeds: state.trainingNeeds, feedback: state.feedback.map { "\(program.name(of: $0.by)): \($0.text)" },
            notes: includePrivate ? state.meetings.compactMap(\.notes) : nil,
            measures: try builder.type.measures(for: group, agendas: agendas, state: state, in: program),
            ratings: state.checkIns.map(\.rating),
            answers: includePrivate
                ? state.checkIns.flatMap { checkIn in checkIn.answers.map { "\(program.name(of: checkIn.by)): \($0)" } } : nil,
            goals: listItems
                ? state.goals.map { GoalLine(id: $0.id, text: $0.text, plan: $0.plan, target: $0.target, status: $0.status) } : nil,
            actions: listItems
                ? state.actions.map { action in
                    ActionLine(
                        id: action.id, text: action.text, owner: action.owner.map(program.name(of:)), due: action.due, done: action.done,
                        overdue: !action.done && (action.due.map { $0 < today } ?? false))
                } : nil)
    }

    /// Every check-in rating in the report, for the program's line.
    public var ratings: [Int] { groups.flatMap(\.ratings) }

    /// Signs that interest is waning: no meeting for twice the cadence, meetings missed in a row,
    /// a check-in not held, actions overdue. A group that ended is not at risk, it is closed.
    static func risks(
        state: GroupState, due: [Agenda], program: Program, today: CalendarDate,
        checkInsDue: Int, checkInsDone: Int
    ) -> [String] {
        guard state.exit == nil else { return [] }
        var risks: [String] = []
        let days = today.daysSinceEpoch - (state.lastMeeting ?? program.starts).daysSinceEpoch
        if days > 2 * program.cadence.approximateDays { risks.append("no meeting for \(days) days") }
        let lastTwo = state.meetings.suffix(2)
        if lastTwo.count == 2, lastTwo.allSatisfy({ !$0.held }) { risks.append("the last two meetings were missed") }
        if checkInsDone < checkInsDue { risks.append("check-in not held") }
        let overdue = state.overdueActions(on: today).count
        if overdue > 0 { risks.append("\(overdue) action\(overdue == 1 ? "" : "s") overdue") }
        return risks
    }
}

extension Cadence {
    /// Days between meetings, roughly (a month counts 30 days).
    public var approximateDays: Int {
        switch self {
        case .weeks(let n): return 7 * n
        case .months(let n): return 30 * n
        }
    }
}
